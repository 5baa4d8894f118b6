// A fault of the system component found while driving its guards (docs/guards.md, "Found open"), fixed
// since: a failover decides on the copy only once replication no longer lands on it.

import { describe, expect, it } from 'vitest';
import { DATA_FIRST_PAGE } from '../sls/iasp-layout.js';
import type { PendingOperation } from '../testing/manual-io.js';
import { SYSTEM_MIRROR_CONFIG, SystemPair } from '../testing/system-pair.js';

describe('fixed (found open): a promotion does not wait for replication to go quiet', () => {
  it('a range landing after a forced failover overwrites a write the new production acknowledged', () => {
    const pair = new SystemPair({ ...SYSTEM_MIRROR_CONFIG, mode: 'async' }).start();
    // Production writes while the link is down; the resume sends the page in a range the target's disk holds.
    pair.link.setConnected(false);
    pair.nodes[0].store.writePage(5, 70, () => {});
    pair.run(() => pair.world.nowUs() > 2_000_000);
    const range = (operation: PendingOperation) => operation.device === 'B.iasp' && operation.kind === 'writeRange';
    pair.link.setConnected(true);
    expect(pair.run(() => pair.world.pending.some(range), range)).toBe(true);
    pair.nodes[0].crash();
    pair.b.failover(true); // MirrorTarget.whenReplicationIdle exists for this, and nothing calls it
    expect(pair.run(() => pair.b.copyInUse === 'mirrored', range)).toBe(true);
    let acknowledged = false;
    pair.nodes[1].store.writePage(5, 99, (result) => (acknowledged = result.ok));
    pair.run(() => false, range); // the old range lands last of all, as the port allows
    expect(acknowledged).toBe(true);
    expect(pair.nodes[1].copy.pages.get(DATA_FIRST_PAGE + 5)).toBe(99);
  });
});
