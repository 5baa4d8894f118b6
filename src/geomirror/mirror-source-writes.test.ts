// The mirror source's write path on in-memory ports whose completions the test orders: each page's writes
// reach production in the order they are replicated, a failed production write is retried or compensated so
// the target never keeps a version production lacks, a write the target cannot land suspends mirroring, and an
// abandoned source (the peer holds production) completes every write, as not mirrored.

import { describe, expect, it } from 'vitest';
import type { WriteResult } from '../ports/block-device.js';
import { FakeChannel } from '../testing/fake-channel.js';
import { ManualWorld, MemoryBlockDevice } from '../testing/manual-io.js';
import type { MirrorMessage } from './mirror-messages.js';
import type { MirrorObserver } from './mirror-observer.js';
import { MIRROR_POLICIES } from './mirror-policy.js';
import { type MirrorConfig, MirrorSource, RESUME_AFTER_TARGET_FAILURE_US } from './mirror-source.js';

const silent: MirrorObserver = {
  sourceState() {}, syncPlanned() {}, syncProgress() {}, syncCompleted() {}, targetVariedOn() {}, promotion() {},
};
const CONFIG = {
  mode: 'sync', suspendTimeoutUs: 5_000_000, tracking: true, trackingPageLimit: 100, regionPages: 8,
  pauseBetweenRegionsUs: 0, autoResume: true,
} as const;

function source(config: MirrorConfig = CONFIG) {
  const world = new ManualWorld();
  const channel = new FakeChannel<MirrorMessage>();
  const local = new MemoryBlockDevice(world, 'production', 64);
  const sysasp = new MemoryBlockDevice(world, 'sysasp', 16);
  const mirror = new MirrorSource(local, sysasp, channel, world, config, MIRROR_POLICIES.correct, silent);
  mirror.startActive();
  const results: WriteResult[] = [];
  const write = (pageIndex: number, token: number): void => mirror.write(pageIndex, token, (r) => results.push(r));
  const replicated = () => channel.sent.flatMap((message) => (message.kind === 'write' ? [message] : []));
  return { world, channel, local, mirror, results, write, replicated };
}

describe('production writes through the mirror source', () => {
  it('two writes to one page land on production in the order they were replicated (disk serves newest first)', () => {
    const setup = source();
    setup.write(7, 11);
    setup.write(7, 12);
    setup.world.settle('lifo');
    expect(setup.replicated().map((message) => message.token)).toEqual([11, 12]);
    expect(setup.local.pages.get(7)).toBe(12);
  });

  it('retries a transient production error: the version the target was sent lands on production too', () => {
    const setup = source();
    setup.local.ioErrorsLeft = 2;
    setup.write(3, 21);
    setup.world.settle();
    expect(setup.local.pages.get(3)).toBe(21);
    expect(setup.replicated().map((message) => message.token)).toEqual([21]);
  });

  it('after a production write that failed for good, re-sends production\'s own content of the page', () => {
    const setup = source();
    setup.write(3, 31);
    setup.world.settle();
    setup.local.ioErrorsLeft = 4; // every attempt of the next write fails; the read after it succeeds
    setup.write(3, 32);
    setup.world.settle();
    expect(setup.results.at(-1)).toEqual({ ok: false, error: 'ioError' });
    expect(setup.local.pages.get(3)).toBe(31);
    expect(setup.replicated().map((message) => message.token)).toEqual([31, 32, 31]);
  });

  it('a write the target reports failed completes production-only, suspends, tracks the page and resumes', () => {
    const setup = source();
    setup.write(5, 41);
    setup.world.settle();
    const [sent] = setup.replicated();
    expect(setup.results).toEqual([]); // synchronous: waits for the target
    setup.channel.deliver({ kind: 'writeFailed', seq: sent.seq });
    expect(setup.results).toEqual([{ ok: true }]);
    expect(setup.mirror.state).toBe('suspended');
    expect(setup.channel.sent).toContainEqual({ kind: 'writesForgotten', seq: sent.seq });
    setup.world.settle('fifo', () => setup.world.nowUs() >= RESUME_AFTER_TARGET_FAILURE_US);
    expect(setup.mirror.state).toBe('synchronizing');
    setup.world.settle('fifo', () => setup.channel.sent.some((message) => message.kind === 'syncRange'));
    const plan = setup.channel.sent.filter((message) => message.kind === 'syncRange');
    expect(plan.length).toBeGreaterThan(0);
    expect(plan[0]).toMatchObject({ firstPage: 0, content: [[5, 41]] });
  });

  it('a reconnection says again which writes are forgotten before resending the unacknowledged ones', () => {
    const setup = source();
    setup.write(5, 51);
    setup.world.settle();
    setup.channel.deliver({ kind: 'writeFailed', seq: setup.replicated()[0].seq });
    setup.channel.setConnected(false);
    setup.channel.sent.length = 0;
    setup.channel.setConnected(true);
    expect(setup.channel.sent.map((message) => message.kind)).toContain('writesForgotten');
  });

  it('abandoned (the peer holds production): held, in-flight and later writes complete once, as not mirrored', () => {
    const setup = source();
    setup.write(5, 61); // lands on production, then waits for the target's acknowledgement
    setup.world.settle();
    setup.write(6, 62); // still on the production disk
    setup.write(6, 63); // waits behind it for its page
    expect(setup.results).toEqual([]);
    setup.mirror.abandon();
    setup.write(7, 64); // issued after the abandon
    setup.world.settle();
    const failed = { ok: false, error: 'ioError' };
    expect(setup.results).toEqual([failed, failed, failed, failed]);
    // The write that waited for its page never reached this copy, and nothing more was replicated.
    expect(setup.local.pages.get(6)).toBe(62);
    expect(setup.local.pages.has(7)).toBe(false);
    expect(setup.replicated().map((message) => message.token)).toEqual([61, 62]);
  });

  it('abandoned while a synchronisation gates the page: the write held there completes, as not mirrored', () => {
    // Mutation: S.abandon.gated
    const setup = source();
    setup.mirror.startWithFullSync('a synchronisation under way');
    setup.world.settle(); // region 0 (pages 0..7) gated, read and sent: it waits for the target's acknowledgement
    expect(setup.channel.sent.some((message) => message.kind === 'syncRange')).toBe(true);
    setup.write(3, 70); // held at the gate
    setup.world.settle();
    expect(setup.results).toEqual([]);
    setup.mirror.abandon(); // opens the gate: the held write starts, on a source that is no longer production's
    setup.world.settle();
    expect(setup.results).toEqual([{ ok: false, error: 'ioError' }]);
    expect(setup.local.pages.has(3)).toBe(false);
    expect(setup.replicated()).toEqual([]);
  });
});

describe('a reconnection', () => {
  it('says syncDone again while active (the one sent may have been lost with the connection)', () => {
    const setup = source();
    setup.channel.setConnected(false);
    setup.channel.setConnected(true);
    expect(setup.channel.sent.map((message) => message.kind)).toContain('syncDone');
    setup.mirror.detach(true, undefined);
    setup.channel.setConnected(false);
    setup.channel.sent.length = 0;
    setup.channel.setConnected(true);
    expect(setup.channel.sent.map((message) => message.kind)).not.toContain('syncDone');
  });
});

describe('writes after a detach the target has not heard of yet', () => {
  const detachNotice = (sent: readonly MirrorMessage[]): number => {
    const notices = sent.flatMap((message) => (message.kind === 'sourceState' && message.state === 'detached'
      ? [message.notice] : []));
    expect(notices.length).toBeGreaterThan(0);
    return notices[notices.length - 1];
  };

  it('a synchronous write completes only once the target confirms the detach (it may still promote unforced)', () => {
    const setup = source();
    expect(setup.mirror.detach(true, undefined)).toBeUndefined();
    const notice = detachNotice(setup.channel.sent);
    setup.write(4, 61);
    setup.world.settle();
    expect(setup.replicated()).toEqual([]); // tracked, not sent
    expect(setup.results).toEqual([]);
    setup.channel.deliver({ kind: 'sourceStateSeen', notice: notice - 1 });
    expect(setup.results).toEqual([]);
    setup.channel.deliver({ kind: 'sourceStateSeen', notice });
    expect(setup.results).toEqual([{ ok: true }]);
    setup.write(4, 62);
    setup.world.settle();
    expect(setup.results).toEqual([{ ok: true }, { ok: true }]);
  });

  it('with the detach lost at a reset, the reconnection says the state again and its confirmation releases', () => {
    const setup = source();
    setup.mirror.detach(true, undefined);
    setup.write(4, 71);
    setup.world.settle();
    setup.channel.setConnected(false);
    setup.channel.sent.length = 0;
    setup.channel.setConnected(true);
    expect(setup.results).toEqual([]);
    setup.channel.deliver({ kind: 'sourceStateSeen', notice: detachNotice(setup.channel.sent) });
    expect(setup.results).toEqual([{ ok: true }]);
  });

  it('the link down for the suspend timeout releases them (the target counts itself suspended)', () => {
    const setup = source();
    setup.mirror.detach(true, undefined);
    setup.write(4, 81);
    setup.world.settle('fifo', () => setup.world.pending.length === 0);
    setup.channel.setConnected(false);
    setup.world.after(CONFIG.suspendTimeoutUs - 1, () => {});
    setup.world.settle('fifo', () => setup.world.nowUs() >= CONFIG.suspendTimeoutUs - 1);
    expect(setup.results).toEqual([]);
    setup.world.settle();
    expect(setup.results).toEqual([{ ok: true }]);
  });

  it('a link back before the timeout restarts the count: down again, they wait a whole timeout more', () => {
    // Mutation: S.detachHold.linkUp
    const setup = source();
    const timeoutUs = CONFIG.suspendTimeoutUs;
    setup.mirror.detach(true, undefined);
    setup.write(4, 85);
    setup.world.settle('fifo', () => setup.world.pending.length === 0);
    setup.channel.setConnected(false); // at 0
    setup.world.after(timeoutUs / 2, () => setup.channel.setConnected(true)); // the state is said again, unanswered
    setup.world.after((timeoutUs * 3) / 4, () => setup.channel.setConnected(false));
    setup.world.settle('fifo', () => setup.results.length > 0);
    expect(setup.world.nowUs()).toBe((timeoutUs * 7) / 4);
    expect(setup.results).toEqual([{ ok: true }]);
  });

  it('asynchronous mode acknowledges them at once, as it does every write', () => {
    const setup = source({ ...CONFIG, mode: 'async' });
    setup.mirror.detach(true, undefined);
    setup.write(4, 91);
    setup.world.settle();
    expect(setup.results).toEqual([{ ok: true }]);
  });
});
