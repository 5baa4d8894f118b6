// The mirror target's and the replica writer's guards that no other test drives: what a target believes after
// an IPL, a demotion or a lost detach, and a range still waiting for its pages when the target stops. The
// mutation named beside each test (docs/guards.md) removes the guard and makes the test fail.

import { describe, expect, it } from 'vitest';
import { SYSASP_MIRROR_TARGET_STATE_PAGE } from '../sls/iasp-layout.js';
import { MirrorPair } from '../testing/mirror-pair.js';
import { ManualWorld, MemoryBlockDevice } from '../testing/manual-io.js';
import { ReplicaWriter } from './replica-writer.js';

describe('what a target believes about its copy', () => {
  // Mutation: T.inSync.restore.
  it('after its IPL a target is never promoted unforced before a synchronisation completes', () => {
    const pair = new MirrorPair();
    pair.source.startActive();
    pair.run();
    const restarted = pair.restartTarget();
    pair.run();
    // Writes may have missed the copy while the target was down, and its link timer restarted with it.
    const decision = restarted.decidePromotion(false, false);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toContain('synchronizing');
  });

  // Mutation: T.inSync.startFresh.
  it('a target built by a demotion is in step only after a switchover of copies in step', () => {
    for (const inStep of [false, true]) {
      const pair = new MirrorPair();
      pair.target.startFresh(inStep, false);
      expect(pair.target.decidePromotion(false, false).allowed, `in step: ${inStep}`).toBe(inStep);
    }
  });

  // Mutation: T.syncStarted.lostDetach.
  it('a target whose detach the source lost mirrors again at the synchronisation', () => {
    const pair = new MirrorPair();
    pair.source.startActive();
    pair.link.ends[0].send({ kind: 'detach', track: true, assignRange: undefined });
    pair.run();
    expect(pair.target.state).toBe('detached');
    // The source restarted without its detach (its state record never landed): it synchronises the copy.
    pair.restartSource().startWithFullSync('restored active');
    pair.run(() => pair.link.pendingCount === 0);
    expect(pair.target.state).toBe('mirroring');
    expect('refused' in pair.target.deviceForVaryOn()).toBe(true);
  });

  // Mutation: T.promotion.restoredPromoted.
  it('a promotion whose role record never landed is restored as mirroring', () => {
    const pair = new MirrorPair();
    pair.targetSysasp.pages.set(SYSASP_MIRROR_TARGET_STATE_PAGE, 3); // 'promoted'
    const restarted = pair.restartTarget();
    pair.run();
    expect(restarted.state).toBe('mirroring');
    expect('refused' in restarted.deviceForVaryOn()).toBe(true);
  });
});

describe('a stopped replica writer', () => {
  // Mutation: R.stoppedRange.
  it('never issues a synchronisation range still waiting for its pages', () => {
    const world = new ManualWorld();
    const copy = new MemoryBlockDevice(world, 'mirror', 64);
    const replica = new ReplicaWriter(copy, world, () => {}, () => {});
    replica.write(1, 3, 7);
    replica.writeRange(1, 0, 8, [[3, 9]]); // waits behind the write to page 3
    replica.stop();
    world.settle();
    expect(copy.pages.get(3)).toBe(7);
  });
});
