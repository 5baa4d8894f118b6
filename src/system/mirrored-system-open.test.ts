// A fault of the system component found while driving its guards (docs/guards.md, "Found open"), fixed
// since: a failover decides on the copy only once replication no longer lands on it.

import { describe, expect, it } from 'vitest';
import { DATA_FIRST_PAGE } from '../sls/iasp-layout.js';
import type { PendingOperation } from '../testing/manual-io.js';
import { SYSTEM_MIRROR_CONFIG, SystemPair } from '../testing/system-pair.js';

describe('fixed (found open): a promotion does not wait for replication to go quiet', () => {
  it('a replicated write landing after a forced failover overwrites a write the new production acknowledged', () => {
    const pair = new SystemPair({ ...SYSTEM_MIRROR_CONFIG, mode: 'async' }).start();
    // Production writes page 5; its replicated write reaches the target's disk and stays there.
    pair.nodes[0].store.writePage(5, 70, () => {});
    const page = DATA_FIRST_PAGE + 5;
    const isReplicated = (operation: PendingOperation) =>
      operation.device === 'B.iasp' && operation.kind === 'write' && operation.firstPage === page;
    expect(pair.run(() => pair.world.pending.some(isReplicated))).toBe(true);
    const replicated = pair.world.pending.find(isReplicated);
    const hold = (operation: PendingOperation) => operation === replicated;
    pair.nodes[0].crash();
    pair.b.failover(true); // MirrorTarget.whenReplicationIdle exists for this: the promotion waits for the write
    let acknowledged = false;
    pair.run(() => pair.b.copyInUse === 'mirrored', hold);
    if (pair.b.copyInUse === 'mirrored') pair.nodes[1].store.writePage(5, 99, (result) => (acknowledged = result.ok));
    pair.run(() => false, hold); // the old write lands last of all, as the port allows
    pair.run();
    expect(pair.b.copyInUse).toBe('mirrored');
    if (!acknowledged) pair.nodes[1].store.writePage(5, 99, (result) => (acknowledged = result.ok));
    pair.run();
    expect(acknowledged).toBe(true);
    expect(pair.nodes[1].copy.pages.get(page)).toBe(99);
  });
});
