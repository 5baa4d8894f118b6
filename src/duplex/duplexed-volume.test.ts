// A down-level mark the good copy cannot take (its disk failed unseen): the marked copy, which holds every
// acknowledged write, goes back to service and the other copy is marked instead (swarm-volume seed 8899).

import { describe, expect, it } from 'vitest';
import type { WriteResult } from '../ports/block-device.js';
import { ManualWorld, MemoryBlockDevice, type PendingOperation } from '../testing/manual-io.js';
import { DuplexedVolume } from './duplexed-volume.js';
import { RECOVERY_POLICIES } from './recovery-policy.js';
import { STATUS_PAGE, decodeStatus } from './status-entry.js';
import { silentObserver } from './volume-observer.js';

const PAGE_COUNT = 16;
const geometry = { pageCount: PAGE_COUNT, regionPages: 4, tocPages: 2, pauseBetweenRegionsUs: 0 };

function opened() {
  const world = new ManualWorld();
  const disks: [MemoryBlockDevice, MemoryBlockDevice] = [
    new MemoryBlockDevice(world, 'disk0', PAGE_COUNT + 1), new MemoryBlockDevice(world, 'disk1', PAGE_COUNT + 1),
  ];
  const volume = new DuplexedVolume([disks[0], disks[1]], geometry, world, RECOVERY_POLICIES.gated, silentObserver);
  volume.open(() => {});
  world.settle();
  for (let page = 0; page < PAGE_COUNT; page += 1) volume.write(page, 100 + page, () => {});
  world.settle();
  expect(volume.modes).toEqual(['inService', 'inService']);
  return { world, disks, volume };
}

/** Delivers the one pending operation `matches` picks (the port lets completions come in any order). */
function deliver(world: ManualWorld, matches: (operation: PendingOperation) => boolean): void {
  const index = world.pending.findIndex(matches);
  expect(index, 'the operation to deliver is pending').toBeGreaterThanOrEqual(0);
  const [operation] = world.pending.splice(index, 1);
  operation.complete();
}

const statusOf = (disk: MemoryBlockDevice) => decodeStatus(disk.pages.get(STATUS_PAGE) ?? 0);
const isStatus = (device: string) => (operation: PendingOperation) =>
  operation.device === device && operation.kind === 'write' && operation.firstPage === STATUS_PAGE;

describe('a down-level mark the good copy cannot take', () => {
  it('puts the marked copy back in service and marks the failed one (seed 8899)', () => {
    const { world, disks, volume } = opened();
    disks[0].failed = true; // unseen: nothing has been served since
    disks[1].ioErrorsLeft = 1;
    let result: WriteResult | undefined;
    volume.write(3, 200, (outcome) => (result = outcome));
    deliver(world, (operation) => operation.device === 'disk1'); // transient error: copy 1 marked down level
    expect(volume.modes).toEqual(['inService', 'downLevel']);
    world.settle(); // copy 0's write and its flag fail for good
    expect(volume.modes).toEqual(['downLevel', 'inService']);
    expect(result).toEqual({ ok: false, error: 'deviceFailed' });
    expect(statusOf(disks[1])).toMatchObject({ thisDownLevel: false, otherDownLevel: true });
    let read: number | undefined;
    volume.read(3, (outcome) => (read = outcome.ok ? outcome.token : undefined));
    volume.write(4, 201, (outcome) => (result = outcome));
    world.settle();
    expect(read).toBe(103);
    expect(result).toEqual({ ok: true });
    // The failed disk is replaced and recovered from copy 1 without the operator path.
    volume.replaceDevice(0, new MemoryBlockDevice(world, 'disk0-new', PAGE_COUNT + 1), () => {});
    world.settle();
    let recovery: { ok: boolean; reason: string } | undefined;
    volume.startRecovery({ forced: false }, (outcome) => (recovery = outcome));
    world.settle();
    expect(recovery).toEqual({ ok: true, reason: 'both copies in service' });
    expect((volume.devices[0] as MemoryBlockDevice).content(1, PAGE_COUNT)).toEqual(disks[1].content(1, PAGE_COUNT));
  });

  it('reports failed a write that landed only on the copy found lost, acknowledged none of them', () => {
    const { world, disks, volume } = opened();
    disks[1].ioErrorsLeft = 1;
    const results: (WriteResult | undefined)[] = [undefined, undefined];
    volume.write(3, 200, (outcome) => (results[0] = outcome));
    deliver(world, (operation) => operation.device === 'disk1');
    volume.write(5, 201, (outcome) => (results[1] = outcome)); // goes to copy 0 alone
    deliver(world, (operation) => operation.device === 'disk0' && operation.firstPage === 4);
    deliver(world, (operation) => operation.device === 'disk0' && operation.firstPage === 6);
    expect(results).toEqual([undefined, undefined]); // held until the flag lands
    disks[0].failed = true;
    deliver(world, isStatus('disk0'));
    world.settle();
    expect(volume.modes).toEqual(['downLevel', 'inService']);
    // Copy 1, the copy left, holds neither write: neither may be acknowledged.
    expect(results).toEqual([{ ok: false, error: 'deviceFailed' }, { ok: false, error: 'deviceFailed' }]);
    expect([disks[1].pages.get(4), disks[1].pages.get(6)]).toEqual([103, 105]);
  });

  it('does not undo a mark made stale by a new disk: the replacement stays down level', () => {
    // Mutation: D.markDown.undoSameMark
    const { world, disks, volume } = opened();
    disks[1].ioErrorsLeft = 1;
    volume.write(3, 200, () => {});
    deliver(world, (operation) => operation.device === 'disk1'); // copy 1 marked down level; its flag is on its way
    volume.replaceDevice(1, new MemoryBlockDevice(world, 'disk1-new', PAGE_COUNT + 1), () => {});
    disks[0].failed = true; // the flag never lands on copy 0
    world.settle();
    expect(volume.modes[1]).toBe('downLevel');
  });

  it('does not put back in service a recovering copy whose write failed, when its mark cannot land', () => {
    // Mutation: D.markDown.undoWasInService
    const { world, disks, volume } = opened();
    const replacement = new MemoryBlockDevice(world, 'disk1-new', PAGE_COUNT + 1);
    volume.replaceDevice(1, replacement, () => {});
    world.settle();
    volume.startRecovery({ forced: false }, () => {});
    world.settle('fifo', () => volume.modes[1] === 'recovering');
    expect(volume.modes).toEqual(['inService', 'recovering']);
    volume.write(3, 200, () => {});
    replacement.ioErrorsLeft = 1;
    deliver(world, (operation) => operation.device === 'disk1-new' && operation.firstPage === 4);
    expect(volume.modes).toEqual(['inService', 'downLevel']); // the recovery is aborted; the flag is on its way
    disks[0].failed = true; // and never lands on copy 0
    world.settle();
    expect(volume.modes[1]).not.toBe('inService');
  });

  it('never puts a new disk in service: a replacement keeps its mark when the good copy cannot take it', () => {
    const { world, disks, volume } = opened();
    const replacement = new MemoryBlockDevice(world, 'disk1-new', PAGE_COUNT + 1);
    volume.replaceDevice(1, replacement, () => {});
    disks[0].failed = true;
    world.settle();
    expect(volume.modes).toEqual(['inService', 'downLevel']);
    expect(volume.statusPersisted).toEqual([false, true]);
  });
});
