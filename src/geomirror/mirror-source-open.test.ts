// Two liveness faults of the mirror source found while driving its guards (docs/guards.md, "Found open"),
// fixed since: a restarted source says its predecessors' writes are forgotten; a source started with the link
// down arms its suspend timer.

import { describe, expect, it } from 'vitest';
import { MirrorPair } from '../testing/mirror-pair.js';
import { REPLICA_WRITE_ATTEMPTS } from './replica-writer.js';

describe('fixed (found open): synchronous writes that wait forever', () => {
  it('a failure reported to a source that restarted before hearing it holds back every later ack', () => {
    const pair = new MirrorPair();
    pair.source.startActive();
    pair.mirror.ioErrorsLeft = REPLICA_WRITE_ATTEMPTS;
    pair.write(4, 11);
    expect(pair.run(() => pair.link.ends[1].sent.some((message) => message.kind === 'writeFailed'))).toBe(true);
    // Production crashes before the report arrives; its next incarnation never says it forgot that write.
    pair.link.setConnected(false);
    pair.restartSource();
    pair.world.after(3_000_000, () => {});
    pair.run();
    pair.link.setConnected(true);
    pair.source.restore(() => {});
    pair.run();
    pair.write(5, 12);
    pair.run();
    expect(pair.results).toEqual([{ ok: true }]);
    expect(pair.source.inStep).toBe(true);
  });

  it('a source started while the link is down (a failover) never suspends: its writes wait for the peer', () => {
    const pair = new MirrorPair();
    pair.link.setConnected(false);
    pair.restartSource(); // built with the link already down: no down notification ever comes
    pair.source.startWithFullSync('failover: the old production is lost');
    pair.write(5, 12);
    pair.run();
    expect(pair.source.state).toBe('suspended');
    expect(pair.results).toEqual([{ ok: true }]);
  });
});
