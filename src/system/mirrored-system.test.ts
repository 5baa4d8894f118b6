// The system component on in-memory ports: a vary-off completes only when every operation the store issued
// to the copy has completed (defect 3: until then a reattach is refused), and roles survive an IPL (defect 1);
// a promotion onto a failed copy is refused.

import { describe, expect, it } from 'vitest';
import { MIRROR_POLICIES } from '../geomirror/mirror-policy.js';
import { ADDRESS_POLICIES } from '../sls/address-policy.js';
import { DATA_FIRST_PAGE, iaspPageCount, sysaspPageCount } from '../sls/iasp-layout.js';
import type { SingleLevelStore } from '../sls/single-level-store.js';
import { FakeChannel } from '../testing/fake-channel.js';
import { ManualWorld, MemoryBlockDevice, type PendingOperation } from '../testing/manual-io.js';
import { MirroredSystem, type SystemObserver } from './mirrored-system.js';
import { SYSASP_ROLE_PAGE } from './role-record.js';
import type { SystemMessage } from './system-messages.js';

const DATA_PAGES = 64;

function targetSystem(
  world: ManualWorld, sysasp: MemoryBlockDevice, copy: MemoryBlockDevice | (() => MemoryBlockDevice),
  refused: (action: string, reason: string) => void = () => {},
  roleChanged: SystemObserver['roleChanged'] = () => {},
  initialRole: 'production' | 'target' = 'target',
) {
  const channel = new FakeChannel<SystemMessage>();
  const stores: SingleLevelStore[] = [];
  const refusals: string[] = [];
  const observer: SystemObserver = {
    sourceState() {}, syncPlanned() {}, syncProgress() {}, syncCompleted() {}, targetVariedOn() {}, promotion() {},
    rangeInUse() {}, pointersInvalidated() {}, systemUp() {}, variedOn: (_s, _c, sls) => void stores.push(sls),
    varyingOff() {}, varyOnFailed() {}, roleChanged,
    refused: (_system, action, reason) => {
      refusals.push(reason);
      refused(action, reason);
    },
    rangeAssignedAtDetach() {},
  };
  const system = new MirroredSystem({
    name: 'B', systemNumber: 2, dataPageCount: DATA_PAGES, initialRole,
    mirror: {
      mode: 'sync', suspendTimeoutUs: 1_000_000, tracking: true, trackingPageLimit: 1000, regionPages: 64,
      pauseBetweenRegionsUs: 0, autoResume: true,
    },
    mirrorPolicy: MIRROR_POLICIES.correct, addressPolicy: ADDRESS_POLICIES['system-unique'], switchoverWaitUs: 10_000,
  }, {
    sysasp, mirrorCopy: typeof copy === 'function' ? copy : () => copy,
    storageCopy: () => undefined, storageCopyUsed() {},
    replicationPath: (device) => device, applicationPath: (device) => device,
  }, channel, world, observer);
  return { system, channel, stores, refusals };
}

/** A manual world with this system's SYSASP and its mirror copy. */
function devices() {
  const world = new ManualWorld();
  const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
  const copy = new MemoryBlockDevice(world, 'B.copy', iaspPageCount(DATA_PAGES));
  return { world, sysasp, copy };
}

/** Production synchronises the target's new disk in full, having seen its restart: the copy is an image again. */
function synchronisedInFull(world: ManualWorld, channel: FakeChannel<SystemMessage>): void {
  channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
  channel.deliver({ kind: 'syncStarted', full: true });
  channel.deliver({ kind: 'freshSeen' });
  channel.deliver({ kind: 'syncDone' });
  world.settle();
}

const replies = (channel: FakeChannel<SystemMessage>) =>
  channel.sent.flatMap((message) => (message.kind === 'reattachReply' ? [message.refused] : []));

describe('a system varies a copy off only once its operations completed', () => {
  it('defect 3: a reattach is refused while a write issued before the vary-off is outstanding', () => {
    const { world, sysasp, copy } = devices();
    const { system, channel, stores } = targetSystem(world, sysasp, copy);
    system.ipl(true, undefined);
    world.settle();
    expect(system.role).toBe('target');
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    channel.deliver({ kind: 'detach', track: true, assignRange: undefined });
    world.settle();
    expect(system.varyOnTarget('mirror')).toBeUndefined();
    world.settle();
    expect(system.copyInUse).toBe('mirrorCopy');
    // An application write to the detached copy, still outstanding when the operator varies the copy off.
    const isDataWrite = (operation: PendingOperation) =>
      operation.kind === 'write' && operation.firstPage === DATA_FIRST_PAGE + 3;
    stores[0].writePage(3, 777, () => {});
    expect(world.pending.some(isDataWrite)).toBe(true);
    expect(system.varyOffTarget()).toBeUndefined();
    world.settle('fifo', () => world.pending.every(isDataWrite), isDataWrite);
    expect(world.pending.some(isDataWrite)).toBe(true);
    channel.deliver({ kind: 'reattach' });
    expect(replies(channel)).toEqual([true]);
    world.settle();
    channel.deliver({ kind: 'reattach' });
    expect(replies(channel)).toEqual([true, false]);
    expect(copy.pages.get(DATA_FIRST_PAGE + 3)).toBe(777);
  });

  it('defect 1: a target restored after an IPL persists and restores its role record', () => {
    const { world, sysasp, copy } = devices();
    const first = targetSystem(world, sysasp, copy);
    first.system.ipl(true, undefined);
    world.settle();
    expect(first.system.failover(true)).toBeUndefined();
    world.settle();
    expect(first.system.role).toBe('production');
    expect(first.system.generation).toBe(1);
    expect(sysasp.pages.get(SYSASP_ROLE_PAGE)).toBeGreaterThan(0);
    // Crash and IPL on the same SYSASP: the role (and its generation) comes back, not the configured one.
    first.system.halt();
    world.crash();
    const second = targetSystem(world, sysasp, copy);
    second.system.ipl(false, undefined);
    world.settle();
    expect(second.system.role).toBe('production');
    expect(second.system.generation).toBe(1);
  });

  it('a promotion whose role landed but whose report a crash cut off is reported at the next IPL', () => {
    const { world, sysasp, copy } = devices();
    const first = targetSystem(world, sysasp, copy);
    first.system.ipl(true, undefined);
    world.settle();
    const hello = {
      kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false,
    } as const;
    first.channel.deliver(hello);
    expect(first.system.failover(true)).toBeUndefined();
    const isRoleWrite = (operation: PendingOperation) =>
      operation.device === 'B.sysasp' && operation.kind === 'write' && operation.firstPage === SYSASP_ROLE_PAGE;
    world.settle('fifo', () => world.pending.some(isRoleWrite));
    // The role page lands, and the system crashes before the write's completion reaches it.
    first.system.halt();
    world.pending.find(isRoleWrite)!.complete();
    world.crash();
    const reported: string[] = [];
    const second = targetSystem(world, sysasp, copy, () => {}, (_system: string, role: string, how: string) => {
      reported.push(`${role}: ${how}`);
    });
    second.system.ipl(false, undefined);
    world.settle();
    expect(second.system.role).toBe('production');
    // The old production restarted too and yielded: it is the target now. This system runs as production.
    second.channel.deliver({ kind: 'hello', role: 'target', generation: 1, systemNumber: 1, fresh: true, ask: false });
    world.settle();
    expect(reported).toEqual(['production: restored at IPL']);
  });

  it('a promotion onto a failed mirror copy is refused, even forced; a working copy is promoted forced', () => {
    const { world, sysasp, copy } = devices();
    const refusals: string[] = [];
    const { system } = targetSystem(world, sysasp, copy, (action, reason) => refusals.push(`${action}: ${reason}`));
    system.ipl(true, undefined);
    world.settle();
    copy.failed = true;
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals).toEqual(['failover: the mirror copy has failed (replace its disk first)']);
    copy.failed = false;
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('production');
  });

  it('a promotion whose mirror copy is replaced while it is asked is void, and the next one proceeds', () => {
    const { world, sysasp, copy } = devices();
    const refusals: string[] = [];
    const refused = (action: string, reason: string) => void refusals.push(`${action}: ${reason}`);
    const { system, channel } = targetSystem(world, sysasp, copy, refused);
    system.ipl(true, undefined);
    world.settle();
    expect(system.failover(true)).toBeUndefined();
    // The copy's first page is being read for the promotion when the operator replaces the disk.
    system.mirrorCopyReplaced();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals).toEqual(['failover: the mirror copy was replaced during the promotion']);
    // The new disk is blank: promoted only once production synchronised it.
    synchronisedInFull(world, channel);
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('production');
  });
});

describe('a target whose copy was replaced', () => {
  it('is in step again only by a synchronisation production planned after it saw the restart', () => {
    const { world, sysasp, copy } = devices();
    const { system, channel, refusals } = targetSystem(world, sysasp, copy);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    // A new blank disk: out of step (and partial) at once (the promotion is decided once the copy answered).
    system.mirrorCopyReplaced();
    expect(system.failover(false)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals.at(-1)).toMatch(/synchronizing|partial/);
    // Production had not yet heard of the new disk: a partial synchronisation it planned for the old copy completes.
    channel.deliver({ kind: 'syncStarted', full: false });
    channel.deliver({ kind: 'syncDone' });
    expect(system.failover(false)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals.at(-1)).toMatch(/synchronizing|partial/);
    // Production saw the restart (freshSeen follows the full synchronisation it started then).
    channel.deliver({ kind: 'syncStarted', full: true });
    channel.deliver({ kind: 'freshSeen' });
    channel.deliver({ kind: 'syncDone' });
    expect(system.targetMirroring).toBe(true);
    expect(system.failover(false)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('production');
  });
});

describe('a target on a new blank disk', () => {
  it('is refused a failover even forced until a synchronisation completes in step', () => {
    // Mutation: M.newCopy.blank. swarm-scripted seed 9287: a forced failover 2 ms after the disk was replaced
    // promoted the blank copy, on which replicated writes had landed the IASP header but not its owned list.
    const { world, sysasp, copy } = devices();
    const { system, channel, refusals } = targetSystem(world, sysasp, copy);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    system.mirrorCopyReplaced();
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals.at(-1)).toMatch(/partial/);
    channel.deliver({ kind: 'syncStarted', full: true });
    channel.deliver({ kind: 'freshSeen' });
    channel.deliver({ kind: 'syncDone' });
    world.settle();
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('production');
  });
});

describe('a target restarted by an IPL', () => {
  it('is not in step by a syncDone production says again before it saw the restart', () => {
    // Mutation: M.ipl.restarted
    const { world, sysasp, copy } = devices();
    const refusals: string[] = [];
    const refused = (action: string, reason: string) => void refusals.push(`${action}: ${reason}`);
    const { system, channel } = targetSystem(world, sysasp, copy, refused);
    system.ipl(false, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    // An active production says syncDone again at each connection: that is no synchronisation of this copy.
    channel.deliver({ kind: 'syncDone' });
    channel.setConnected(false);
    expect(system.failover(false)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals).toEqual(['failover: refused: the copy is synchronizing (force to promote anyway)']);
  });
});

describe('a copy a synchronisation has partly written is not promoted, even forced', () => {
  it('a forced failover is refused while a synchronisation is under way, and allowed once it completed', () => {
    const { world, sysasp, copy } = devices();
    const page = DATA_FIRST_PAGE + 5;
    const { system, channel } = targetSystem(world, sysasp, copy);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    // The synchronisation writes the copy in page order, not in production's order: an image of no moment.
    channel.deliver({ kind: 'syncStarted', full: false });
    channel.deliver({ kind: 'syncRange', step: 1, firstPage: page, pageCount: 1, content: [[page, 77]] });
    world.settle();
    expect(copy.pages.get(page)).toBe(77);
    channel.setConnected(false);
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('target');
    // The mark is on the SYSASP: a target restored after an IPL refuses too.
    const restored = targetSystem(world, sysasp, copy);
    restored.system.ipl(false, undefined);
    world.settle();
    restored.channel.setConnected(false);
    restored.system.failover(true);
    world.settle();
    expect(restored.system.role).toBe('target');
    // A synchronisation that completes makes it an image again: the forced failover goes through.
    restored.channel.setConnected(true);
    restored.channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    restored.channel.deliver({ kind: 'freshSeen' });
    restored.channel.deliver({ kind: 'syncStarted', full: false });
    restored.channel.deliver({ kind: 'syncDone' });
    world.settle();
    restored.channel.setConnected(false);
    restored.system.failover(true);
    world.settle();
    expect(restored.system.role).toBe('production');
  });
});

describe('promotions and demotions under a busy swarm', () => {
  it('a promotion waits until no replicated write is outstanding on the copy (any completion order)', () => {
    const { world, sysasp, copy } = devices();
    const copyWritesAtRoleChange: number[] = [];
    const isCopyWrite = (operation: PendingOperation) => operation.device === 'B.copy' && operation.kind === 'write';
    const roleChanged = () => void copyWritesAtRoleChange.push(world.pending.filter(isCopyWrite).length);
    const { system, channel } = targetSystem(world, sysasp, copy, () => {}, roleChanged);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    // Two replicated writes of one page: the first on the disk, the second waiting behind it.
    channel.deliver({ kind: 'write', seq: 1, pageIndex: DATA_FIRST_PAGE + 3, token: 500 });
    channel.deliver({ kind: 'write', seq: 2, pageIndex: DATA_FIRST_PAGE + 3, token: 501 });
    expect(world.pending.filter(isCopyWrite)).toHaveLength(1);
    channel.setConnected(false);
    expect(system.failover(true)).toBeUndefined();
    // The copy's disk completes the replicated write last: after every SYSASP write of the promotion.
    world.settle('fifo', () => false, isCopyWrite);
    expect(system.role).toBe('production');
    expect(copyWritesAtRoleChange).toEqual([0]);
    // The failover waited for replication to go quiet before deciding: both writes landed, nothing after.
    expect(copy.pages.get(DATA_FIRST_PAGE + 3)).toBe(501);
  });

  it('while a failover waits for replication to go quiet, the detached copy is not varied on, nor failed over', () => {
    // Mutation: M.promotionUnderWay.failoverWait
    const { world, sysasp, copy } = devices();
    const { system, channel } = targetSystem(world, sysasp, copy);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    channel.deliver({ kind: 'write', seq: 1, pageIndex: DATA_FIRST_PAGE + 3, token: 500 });
    channel.deliver({ kind: 'detach', track: true, assignRange: undefined });
    channel.setConnected(false);
    expect(system.failover(true)).toBeUndefined();
    // The replicated write is still on the copy's disk: the failover waits, and counts as a promotion under way.
    expect(system.varyOnTarget('mirror')).toBe('a promotion is under way');
    expect(system.failover(true)).toBe('a promotion or a vary-on is under way');
    world.settle();
    expect(system.role).toBe('production');
  });

  it('once a promotion is decided, a replicated write arriving is not written to the copy', () => {
    // Mutation: M.promote.stopReplication
    const { world, sysasp, copy } = devices();
    const copyWritesAtRoleChange: number[] = [];
    const isCopyWrite = (operation: PendingOperation) => operation.device === 'B.copy' && operation.kind === 'write';
    const roleChanged = () => void copyWritesAtRoleChange.push(world.pending.filter(isCopyWrite).length);
    const { system, channel } = targetSystem(world, sysasp, copy, () => {}, roleChanged);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    // A forced failover with the link still up: production goes on replicating while the role is persisted.
    expect(system.failover(true)).toBeUndefined();
    const isRoleWrite = (op: PendingOperation) => op.device === 'B.sysasp' && op.firstPage === SYSASP_ROLE_PAGE;
    const rolePersisting = () => world.pending.some(isRoleWrite);
    world.settle('fifo', rolePersisting);
    channel.deliver({ kind: 'write', seq: 1, pageIndex: DATA_FIRST_PAGE + 3, token: 500 });
    world.settle('fifo', () => false, isCopyWrite);
    expect(system.role).toBe('production');
    expect(copyWritesAtRoleChange).toEqual([0]);
    expect(copy.pages.has(DATA_FIRST_PAGE + 3)).toBe(false);
  });

  it('a replicated write issued while the copy is checked lands before the role changes', () => {
    // Mutation: M.promote.waitIdle
    const { world, sysasp, copy } = devices();
    const copyWritesAtRoleChange: number[] = [];
    const isCopyWrite = (operation: PendingOperation) => operation.device === 'B.copy' && operation.kind === 'write';
    const roleChanged = () => void copyWritesAtRoleChange.push(world.pending.filter(isCopyWrite).length);
    const { system, channel } = targetSystem(world, sysasp, copy, () => {}, roleChanged);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    expect(system.failover(true)).toBeUndefined();
    // The copy is asked whether it answers (its first page read); a replicated write arrives meanwhile.
    expect(world.pending.map((op) => `${op.device}:${op.kind}`)).toEqual(['B.copy:read']);
    channel.deliver({ kind: 'write', seq: 1, pageIndex: DATA_FIRST_PAGE + 3, token: 500 });
    world.settle('fifo', () => false, isCopyWrite);
    expect(system.role).toBe('production');
    expect(copyWritesAtRoleChange).toEqual([0]);
    expect(copy.pages.get(DATA_FIRST_PAGE + 3)).toBe(500);
  });

  it('an old production whose copy is replaced before it hears the switchover done is a fresh target', () => {
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    let copy = new MemoryBlockDevice(world, 'B.copy1', iaspPageCount(DATA_PAGES));
    const { system, channel } = targetSystem(world, sysasp, () => copy, () => {}, () => {}, 'production');
    system.ipl(true, undefined);
    // The peer's hello comes before the suspend timeout (a source started without its peer suspends after it).
    world.settle('fifo', () => system.role !== undefined);
    channel.deliver({ kind: 'hello', role: 'target', generation: 0, systemNumber: 1, fresh: false, ask: false });
    // The peer acknowledges every replicated write (the vary-on's range start), so the copies are in step.
    const acknowledgeAll = (): void => {
      for (let round = 0; round < 8; round += 1) {
        world.settle();
        const seqs = channel.sent.flatMap((message) => (message.kind === 'write' ? [message.seq] : []));
        if (seqs.length > 0) channel.deliver({ kind: 'ack', seq: Math.max(...seqs) });
      }
    };
    acknowledgeAll();
    expect(system.copyInUse).toBe('mirrored');
    expect(system.switchover()).toBeUndefined();
    acknowledgeAll();
    expect(channel.sent).toContainEqual({ kind: 'switchover', generation: 1 });
    // The peer is production now; the operator puts a new blank disk under this system's copy (its target's).
    copy = new MemoryBlockDevice(world, 'B.copy2', iaspPageCount(DATA_PAGES));
    system.mirrorCopyReplaced();
    channel.deliver({ kind: 'switchoverDone', generation: 1 });
    world.settle();
    expect(system.role).toBe('target');
    const hellos = channel.sent.flatMap((message) => (message.kind === 'hello' ? [message] : []));
    // Fresh: the new production synchronises the blank copy in full instead of mirroring onto it as in step.
    expect(hellos.at(-1)?.fresh).toBe(true);
    // Mutation: M.becomeTarget.blank. Blank, it holds no image: not promoted even forced before that sync.
    system.failover(true);
    world.settle();
    expect(system.role).toBe('target');
  });

  it('a production demoted while its vary-on waits for the target ends the vary-on and is a target, not busy', () => {
    const { world, sysasp, copy } = devices();
    const refusals: string[] = [];
    const refused = (action: string, reason: string) => void refusals.push(`${action}: ${reason}`);
    const { system, channel } = targetSystem(world, sysasp, copy, refused, () => {}, 'production');
    system.ipl(true, undefined);
    channel.deliver({ kind: 'hello', role: 'target', generation: 0, systemNumber: 1, fresh: false, ask: false });
    world.settle();
    // The vary-on's range start waits for the target to acknowledge its owned-list write; it never will: the
    // peer was promoted meanwhile (a forced failover) and says so.
    expect(channel.sent.some((message) => message.kind === 'write')).toBe(true);
    expect(system.copyInUse).toBeUndefined();
    channel.deliver({ kind: 'hello', role: 'production', generation: 1, systemNumber: 1, fresh: false, ask: false });
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals).toEqual([]);
    // Not busy with a vary-on that never ends: a vary-on of the mirror copy is refused for what it is.
    expect(system.varyOnTarget('mirror')).toBe('the mirror copy cannot be varied on while mirroring is active');
    expect(world.pending).toEqual([]);
  });

  it('a production demoted with a write waiting for the target varies off and is a target, not busy', () => {
    const { world, sysasp, copy } = devices();
    const { system, channel, stores } = targetSystem(world, sysasp, copy, () => {}, () => {}, 'production');
    system.ipl(true, undefined);
    channel.deliver({ kind: 'hello', role: 'target', generation: 0, systemNumber: 1, fresh: false, ask: false });
    for (let round = 0; round < 8; round += 1) {
      world.settle();
      const seqs = channel.sent.flatMap((message) => (message.kind === 'write' ? [message.seq] : []));
      if (seqs.length > 0) channel.deliver({ kind: 'ack', seq: Math.max(...seqs) });
    }
    expect(system.copyInUse).toBe('mirrored');
    const results: boolean[] = [];
    stores[0].writePage(3, 900, (result) => void results.push(result.ok));
    world.settle();
    expect(results).toEqual([]); // held for the target's acknowledgement
    channel.deliver({ kind: 'hello', role: 'production', generation: 1, systemNumber: 1, fresh: false, ask: false });
    world.settle();
    expect(results).toEqual([false]); // never acknowledged: the new production will overwrite this copy
    expect(system.role).toBe('target');
    expect(system.varyOnTarget('mirror')).toBe('the mirror copy cannot be varied on while mirroring is active');
  });

  it('a promotion whose target is rebuilt on a new disk while its copy is checked ends; asked again, it runs', () => {
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    let copy = new MemoryBlockDevice(world, 'B.copy1', iaspPageCount(DATA_PAGES));
    const refusals: string[] = [];
    const refused = (action: string, reason: string) => void refusals.push(`${action}: ${reason}`);
    const { system, channel } = targetSystem(world, sysasp, () => copy, refused);
    system.ipl(true, undefined);
    world.settle();
    expect(system.failover(true)).toBeUndefined();
    expect(world.pending.some((operation) => operation.device === 'B.copy1')).toBe(true); // the copy is checked
    copy = new MemoryBlockDevice(world, 'B.copy2', iaspPageCount(DATA_PAGES));
    system.mirrorCopyReplaced();
    world.settle();
    expect(refusals).toEqual(['failover: the mirror copy was replaced during the promotion']);
    synchronisedInFull(world, channel);
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('production');
  });

  it('a switchover decided while a replicated write drains ends when the copy is replaced: no blank production', () => {
    // swarm-scripted seeds 108, 228, 254: the operator replaced the target's disk during a promotion.
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    let copy = new MemoryBlockDevice(world, 'B.copy1', iaspPageCount(DATA_PAGES));
    const roles: string[] = [];
    const { system, channel } = targetSystem(world, sysasp, () => copy, () => {}, (_s, role) => void roles.push(role));
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    const isCopyWrite = (operation: PendingOperation) => operation.device === 'B.copy1' && operation.kind === 'write';
    channel.deliver({ kind: 'write', seq: 1, pageIndex: DATA_FIRST_PAGE + 3, token: 500 });
    channel.deliver({ kind: 'switchover', generation: 1 });
    // The copy is checked and the promotion decided; it waits for the replicated write still on the disk.
    world.settle('fifo', () => world.pending.every(isCopyWrite), isCopyWrite);
    expect(world.pending.filter(isCopyWrite)).toHaveLength(1);
    copy = new MemoryBlockDevice(world, 'B.copy2', iaspPageCount(DATA_PAGES));
    system.mirrorCopyReplaced();
    world.settle();
    const reason = 'the mirror copy was replaced during the promotion';
    expect(channel.sent).toContainEqual({ kind: 'switchoverRefused', reason });
    expect(system.role).toBe('target');
    expect(system.generation).toBe(0);
    expect(roles).not.toContain('production');
  });

  it('a failover whose copy is replaced while its role is written writes the target role back', () => {
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    let copy = new MemoryBlockDevice(world, 'B.copy1', iaspPageCount(DATA_PAGES));
    const refusals: string[] = [];
    const roles: string[] = [];
    const refused = (action: string, reason: string) => void refusals.push(`${action}: ${reason}`);
    const { system } = targetSystem(world, sysasp, () => copy, refused, (_s, role) => void roles.push(role));
    system.ipl(true, undefined);
    world.settle();
    expect(system.failover(true)).toBeUndefined();
    const isRoleWrite = (operation: PendingOperation) =>
      operation.device === 'B.sysasp' && operation.kind === 'write' && operation.firstPage === SYSASP_ROLE_PAGE;
    world.settle('fifo', () => world.pending.some(isRoleWrite));
    copy = new MemoryBlockDevice(world, 'B.copy2', iaspPageCount(DATA_PAGES));
    system.mirrorCopyReplaced();
    world.settle();
    expect(refusals).toEqual(['failover: the mirror copy was replaced during the promotion']);
    expect(system.role).toBe('target');
    expect(roles).not.toContain('production');
    // The role page says target again: an IPL now restores a target, not a production on the blank disk.
    const again = targetSystem(world, sysasp, () => copy);
    system.halt();
    again.system.ipl(false, undefined);
    world.settle();
    expect(again.system.role).toBe('target');
  });

  it('a detached copy is opened by the target\'s applications only once replicated writes stopped landing', () => {
    // swarm-scripted seed 3883: a vary-on 3 ms after the detach read the copy under a replicated write.
    const { world, sysasp, copy } = devices();
    const { system, channel } = targetSystem(world, sysasp, copy);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    const isCopyWrite = (operation: PendingOperation) => operation.device === 'B.copy' && operation.kind === 'write';
    channel.deliver({ kind: 'write', seq: 1, pageIndex: DATA_FIRST_PAGE + 3, token: 500 });
    channel.deliver({ kind: 'detach', track: true, assignRange: undefined });
    expect(system.varyOnTarget('mirror')).toBeUndefined();
    const copyReads = () =>
      world.pending.filter((operation) => operation.device === 'B.copy' && operation.kind !== 'write');
    world.settle('fifo', () => world.pending.every(isCopyWrite), isCopyWrite);
    expect(world.pending.filter(isCopyWrite)).toHaveLength(1);
    expect(copyReads()).toEqual([]);
    world.settle();
    expect(copy.pages.get(DATA_FIRST_PAGE + 3)).toBe(500);
    expect(system.copyInUse).toBe('mirrorCopy');
  });

  it('a failover says hello as production, so an old production restarted meanwhile yields to it', () => {
    const { world, sysasp, copy } = devices();
    const { system, channel } = targetSystem(world, sysasp, copy);
    system.ipl(true, undefined);
    world.settle();
    // The old production restarted during the promotion and heard this system as the target.
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('production');
    const hellos = channel.sent.flatMap((message) => (message.kind === 'hello' ? [message] : []));
    expect(hellos.at(-1)).toMatchObject({ role: 'production', generation: 1 });
  });
});
