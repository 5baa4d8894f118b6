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
  world: ManualWorld, sysasp: MemoryBlockDevice, copy: MemoryBlockDevice,
  refused: (action: string, reason: string) => void = () => {}, roleChanged: () => void = () => {},
) {
  const channel = new FakeChannel<SystemMessage>();
  const stores: SingleLevelStore[] = [];
  const refusals: string[] = [];
  const observer: SystemObserver = {
    sourceState() {}, syncPlanned() {}, syncProgress() {}, syncCompleted() {}, targetVariedOn() {}, promotion() {},
    rangeInUse() {}, pointersInvalidated() {}, systemUp() {}, variedOn: (_s, _c, sls) => void stores.push(sls),
    varyingOff() {}, varyOnFailed() {}, roleChanged, mirroringTarget() {},
    refused: (_system, action, reason) => {
      refusals.push(reason);
      refused(action, reason);
    },
    rangeAssignedAtDetach() {},
  };
  const system = new MirroredSystem({
    name: 'B', systemNumber: 2, dataPageCount: DATA_PAGES, initialRole: 'target',
    mirror: {
      mode: 'sync', suspendTimeoutUs: 1_000_000, tracking: true, trackingPageLimit: 1000, regionPages: 64,
      pauseBetweenRegionsUs: 0, autoResume: true,
    },
    mirrorPolicy: MIRROR_POLICIES.correct, addressPolicy: ADDRESS_POLICIES['system-unique'], switchoverWaitUs: 10_000,
  }, {
    sysasp, mirrorCopy: () => copy, storageCopy: () => undefined, storageCopyUsed() {},
    replicationPath: (device) => device, applicationPath: (device) => device,
  }, channel, world, observer);
  return { system, channel, stores, refusals };
}

const replies = (channel: FakeChannel<SystemMessage>) =>
  channel.sent.flatMap((message) => (message.kind === 'reattachReply' ? [message.refused] : []));

describe('a system varies a copy off only once its operations completed', () => {
  it('defect 3: a reattach is refused while a write issued before the vary-off is outstanding', () => {
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    const copy = new MemoryBlockDevice(world, 'B.copy', iaspPageCount(DATA_PAGES));
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
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    const copy = new MemoryBlockDevice(world, 'B.copy', iaspPageCount(DATA_PAGES));
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

  it('a promotion onto a failed mirror copy is refused, even forced; a working copy is promoted forced', () => {
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    const copy = new MemoryBlockDevice(world, 'B.copy', iaspPageCount(DATA_PAGES));
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
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    const copy = new MemoryBlockDevice(world, 'B.copy', iaspPageCount(DATA_PAGES));
    const refusals: string[] = [];
    const { system } = targetSystem(world, sysasp, copy, (action, reason) => refusals.push(`${action}: ${reason}`));
    system.ipl(true, undefined);
    world.settle();
    expect(system.failover(true)).toBeUndefined();
    // The copy's first page is being read for the promotion when the operator replaces the disk.
    system.mirrorCopyReplaced();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals).toEqual(['failover: the mirror copy was replaced during the promotion']);
    expect(system.failover(true)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('production');
  });
});

describe('a target whose copy was replaced', () => {
  it('is in step again only by a synchronisation production planned after it saw the restart', () => {
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    const copy = new MemoryBlockDevice(world, 'B.copy', iaspPageCount(DATA_PAGES));
    const { system, channel, refusals } = targetSystem(world, sysasp, copy);
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    // A new blank disk: out of step at once (the promotion is decided once the copy answered).
    system.mirrorCopyReplaced();
    expect(system.failover(false)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals.at(-1)).toContain('synchronizing');
    // Production had not yet heard of the new disk: a partial synchronisation it planned for the old copy completes.
    channel.deliver({ kind: 'syncStarted', full: false });
    channel.deliver({ kind: 'syncDone' });
    expect(system.failover(false)).toBeUndefined();
    world.settle();
    expect(system.role).toBe('target');
    expect(refusals.at(-1)).toContain('synchronizing');
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

describe('a failover decides on a copy replication no longer changes', () => {
  it('a synchronisation range still landing when production is lost lands before the promotion, not after', () => {
    const world = new ManualWorld();
    const sysasp = new MemoryBlockDevice(world, 'B.sysasp', sysaspPageCount(16));
    const copy = new MemoryBlockDevice(world, 'B.copy', iaspPageCount(DATA_PAGES));
    const page = DATA_FIRST_PAGE + 5;
    copy.pages.set(page, 901); // the copy's own version (say, written while it was detached)
    let heldAtPromotion: number | undefined;
    const { system, channel } = targetSystem(world, sysasp, copy, undefined, () => {
      heldAtPromotion = copy.pages.get(page) ?? 0;
    });
    system.ipl(true, undefined);
    world.settle();
    channel.deliver({ kind: 'hello', role: 'production', generation: 0, systemNumber: 1, fresh: false, ask: false });
    // The old production synchronises the page away (it holds no version of it); then it is lost.
    channel.deliver({ kind: 'syncStarted', full: false });
    channel.deliver({ kind: 'syncRange', step: 1, firstPage: page, pageCount: 1, content: [] });
    const isRange = (operation: PendingOperation) => operation.kind === 'writeRange';
    expect(world.pending.some(isRange)).toBe(true);
    channel.setConnected(false);
    expect(system.failover(true)).toBeUndefined();
    world.settle('fifo', () => world.pending.every(isRange), isRange);
    expect(system.role).toBe('target'); // still waiting for the range
    expect(system.varyOnTarget('mirror')).toBe('a promotion is under way');
    world.settle();
    expect(system.role).toBe('production');
    expect(heldAtPromotion).toBe(0);
    expect(copy.pages.has(page)).toBe(false);
  });
});
