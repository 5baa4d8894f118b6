// The mirror target's data path on in-memory ports whose completions the test orders: an acknowledgement
// covers only writes that landed, a page's versions land in arrival order, transient errors are retried, and
// a write that cannot land is reported instead of acknowledged (issue 10 defects 2 and 6b).

import { describe, expect, it } from 'vitest';
import { FakeChannel } from '../testing/fake-channel.js';
import { ManualWorld, MemoryBlockDevice } from '../testing/manual-io.js';
import type { MirrorMessage } from './mirror-messages.js';
import type { MirrorObserver } from './mirror-observer.js';
import { MIRROR_POLICIES } from './mirror-policy.js';
import { MirrorTarget } from './mirror-target.js';

const silent: MirrorObserver = {
  sourceState() {}, syncPlanned() {}, syncProgress() {}, syncCompleted() {}, targetVariedOn() {}, promotion() {},
};

function target() {
  const world = new ManualWorld();
  const channel = new FakeChannel<MirrorMessage>();
  const copy = new MemoryBlockDevice(world, 'mirror', 64);
  const sysasp = new MemoryBlockDevice(world, 'sysasp', 16);
  const mirror = new MirrorTarget(copy, sysasp, channel, world, 1_000_000, 100, MIRROR_POLICIES.correct, silent);
  const write = (seq: number, pageIndex: number, token: number): void =>
    channel.deliver({ kind: 'write', seq, pageIndex, token });
  const acks = (): number[] => channel.sent.flatMap((message) => (message.kind === 'ack' ? [message.seq] : []));
  const failures = (): number[] =>
    channel.sent.flatMap((message) => (message.kind === 'writeFailed' ? [message.seq] : []));
  return { world, channel, copy, mirror, write, acks, failures };
}

describe('replicated writes on the mirror target', () => {
  it('a later write completing first does not acknowledge an earlier one still outstanding', () => {
    const setup = target();
    setup.write(1, 5, 101);
    setup.write(2, 9, 102);
    setup.world.step('lifo'); // seq 2 lands first
    expect(setup.copy.pages.get(9)).toBe(102);
    expect(setup.copy.pages.has(5)).toBe(false);
    expect(setup.acks().filter((seq) => seq >= 1)).toEqual([]);
    setup.world.settle();
    expect(setup.acks()).toEqual([2]);
  });

  it('two writes to one page land in arrival order even when the disk serves the newest first', () => {
    const setup = target();
    setup.write(1, 7, 201);
    setup.write(2, 7, 202);
    setup.world.settle('lifo');
    expect(setup.copy.pages.get(7)).toBe(202);
    expect(setup.acks().at(-1)).toBe(2);
  });

  it('a synchronisation range waits for an earlier write to its pages, and a later write waits for it', () => {
    const setup = target();
    setup.write(1, 3, 301);
    setup.channel.deliver({ kind: 'syncRange', step: 1, firstPage: 0, pageCount: 8, content: [[3, 302]] });
    setup.write(2, 3, 303);
    setup.world.settle('lifo');
    expect(setup.copy.pages.get(3)).toBe(303);
    expect(setup.channel.sent).toContainEqual({ kind: 'syncAck', step: 1, ok: true });
  });

  it('retries a transient error and acknowledges once the write landed', () => {
    const setup = target();
    setup.copy.ioErrorsLeft = 2;
    setup.write(1, 4, 401);
    setup.world.settle();
    expect(setup.copy.pages.get(4)).toBe(401);
    expect(setup.acks()).toEqual([1]);
    expect(setup.failures()).toEqual([]);
  });

  it('never acknowledges a write whose disk write failed; reports it, and the copy is no longer promotable', () => {
    const setup = target();
    setup.copy.failed = true;
    setup.write(1, 4, 501);
    setup.world.settle();
    expect(setup.acks()).toEqual([]);
    expect(setup.failures()).toEqual([1]);
    expect(setup.mirror.decidePromotion(false, false).allowed).toBe(false);
  });

  it('a failure holds later acknowledgements until the source forgets it; a resend repeats the report', () => {
    const setup = target();
    setup.copy.ioErrorsLeft = 4; // every attempt of seq 1 fails
    setup.write(1, 4, 601);
    setup.world.settle();
    setup.write(2, 5, 602);
    setup.world.settle();
    expect(setup.acks()).toEqual([]);
    setup.write(1, 4, 601); // the source resends after a reconnection
    expect(setup.failures()).toEqual([1, 1]);
    setup.channel.deliver({ kind: 'writesForgotten', seq: 2 });
    expect(setup.acks()).toEqual([2]);
    setup.channel.deliver({ kind: 'syncDone' });
    expect(setup.mirror.decidePromotion(false, false).allowed).toBe(true);
  });

  it('a completed synchronisation does not bring back in step a copy still missing a reported write', () => {
    const setup = target();
    setup.copy.failed = true;
    setup.write(1, 4, 701);
    setup.world.settle();
    setup.channel.deliver({ kind: 'syncDone' });
    expect(setup.mirror.decidePromotion(false, false).allowed).toBe(false);
  });
});

describe('replication going quiet before a promotion', () => {
  it('says when no replicated write or range is on its way to the copy any more', () => {
    const setup = target();
    setup.write(1, 3, 801);
    setup.channel.deliver({ kind: 'syncRange', step: 1, firstPage: 0, pageCount: 8, content: [] });
    let idle = false;
    setup.mirror.whenReplicationIdle(() => {
      idle = true;
    });
    setup.world.step(); // the write lands; the range waits for the partial-image mark (MirrorTarget)
    expect(idle).toBe(false);
    setup.world.step(); // the mark lands; the range is issued after the write
    expect(idle).toBe(false);
    setup.world.step(); // the range lands
    expect(idle).toBe(true);
  });

  it('once stopped, a write still waiting for its page is never issued to the copy', () => {
    const setup = target();
    setup.write(1, 3, 901);
    setup.write(2, 3, 902);
    setup.mirror.stop();
    setup.world.settle();
    expect(setup.copy.pages.get(3)).toBe(901);
    expect(setup.world.pending).toEqual([]);
  });

  it('a retry due after a stop does not write the copy, and replication then goes idle', () => {
    const setup = target();
    setup.copy.ioErrorsLeft = 1;
    setup.write(1, 4, 401);
    setup.world.step(); // a transient error: a retry is scheduled
    setup.mirror.stop(); // a promotion stops replication and waits for it to go idle
    let idle = false;
    setup.mirror.whenReplicationIdle(() => {
      idle = true;
    });
    setup.world.settle();
    expect(idle).toBe(true);
    expect(setup.copy.pages.has(4)).toBe(false);
  });
});
