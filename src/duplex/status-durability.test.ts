// The volume under a block device that completes requests in any order and loses any of them at a crash:
// status writes of one copy never overtake each other, the good copy's flag lands before the failed copy's,
// a never-written status page is a new disk, and a read's fallback copy is chosen when it is needed.

import { describe, expect, it } from 'vitest';
import { ManualWorld, MemoryBlockDevice, type PendingOperation } from '../testing/manual-io.js';
import { DuplexedVolume } from './duplexed-volume.js';
import { RECOVERY_POLICIES } from './recovery-policy.js';
import { CLEAN_STATUS, STATUS_PAGE, type StatusEntry, decodeStatus, encodeStatus } from './status-entry.js';
import { StatusWriter } from './status-writer.js';
import type { VolumeObserver } from './volume-observer.js';

const PAGE_COUNT = 16;
const geometry = { pageCount: PAGE_COUNT, regionPages: 4, tocPages: 2, pauseBetweenRegionsUs: 0 };
type Order = 'fifo' | 'lifo';

function open(world: ManualWorld, disks: [MemoryBlockDevice, MemoryBlockDevice], order: Order = 'fifo') {
  /** The persisted status entries at each recovery start, as the oracle would judge them. */
  const persistedAtStart: [StatusEntry, StatusEntry][] = [];
  const refusals: string[] = [];
  const observer: VolumeObserver = {
    copyDownLevel() {}, copyReinstated() {},
    recoveryRefused: (reason) => void refusals.push(reason),
    recoveryStarted: () => void persistedAtStart.push([persisted(disks[0]), persisted(disks[1])]),
    regionCopied() {},
    recoveryFinished() {},
  };
  const volume = new DuplexedVolume([disks[0], disks[1]], geometry, world, RECOVERY_POLICIES.gated, observer);
  let opened = false;
  volume.open(() => (opened = true));
  world.settle(order);
  expect(opened).toBe(true);
  return { volume, persistedAtStart, refusals };
}

const persisted = (disk: MemoryBlockDevice): StatusEntry => decodeStatus(disk.pages.get(STATUS_PAGE) ?? 0);
const seedOk = ([first, second]: [StatusEntry, StatusEntry]): boolean =>
  !first.recoveryFailed && !second.recoveryFailed && (first.otherDownLevel || second.otherDownLevel);

function freshVolume(order: Order = 'fifo') {
  const world = new ManualWorld();
  const disks: [MemoryBlockDevice, MemoryBlockDevice] = [
    new MemoryBlockDevice(world, 'disk0', PAGE_COUNT + 1), new MemoryBlockDevice(world, 'disk1', PAGE_COUNT + 1),
  ];
  const setup = open(world, disks, order);
  for (let page = 0; page < PAGE_COUNT; page += 1) setup.volume.write(page, 100 + page, () => {});
  world.settle(order);
  return { world, disks, ...setup };
}

describe('status entries under any completion order', () => {
  it('the port hazard: two writes of one page outstanding land in either order; the writer keeps the latest', () => {
    const world = new ManualWorld();
    const raw = new MemoryBlockDevice(world, 'raw', 2);
    raw.write(STATUS_PAGE, 11, () => {});
    raw.write(STATUS_PAGE, 12, () => {});
    world.settle('lifo');
    expect(raw.pages.get(STATUS_PAGE)).toBe(11);
    const device = new MemoryBlockDevice(world, 'serial', 2);
    const writer = new StatusWriter(device, 1);
    const outcomes: boolean[] = [];
    for (const checkpointRegion of [1, 2, 3]) {
      writer.write({ ...CLEAN_STATUS, checkpointRegion }, (ok) => void outcomes.push(ok));
    }
    expect(world.pending.length).toBe(1);
    world.settle('lifo');
    expect(persisted(device).checkpointRegion).toBe(3);
    expect(outcomes).toEqual([true, true, true]);
    expect(writer.busy).toBe(false);
  });

  it('open completes only once "in use" is persisted on each copy it serves (or an unclean stop goes unseen)', () => {
    const world = new ManualWorld();
    const disks = [0, 1].map((copy) => new MemoryBlockDevice(world, `disk${copy}`, PAGE_COUNT + 1));
    const quiet: VolumeObserver = {
      copyDownLevel() {}, copyReinstated() {}, recoveryRefused() {}, recoveryStarted() {}, regionCopied() {},
      recoveryFinished() {},
    };
    const volume = new DuplexedVolume([disks[0], disks[1]], geometry, world, RECOVERY_POLICIES.gated, quiet);
    let inUseAtOpen: boolean[] | undefined;
    volume.open(() => (inUseAtOpen = disks.map((disk) => persisted(disk).inUse)));
    world.settle();
    expect(inUseAtOpen).toEqual([true, true]);
  });

  it.each(['fifo', 'lifo'] as const)('an unclean open (%s) starts recovery once its flags are persisted', (order) => {
    const world = new ManualWorld();
    const disks: [MemoryBlockDevice, MemoryBlockDevice] = [
      new MemoryBlockDevice(world, 'disk0', PAGE_COUNT + 1), new MemoryBlockDevice(world, 'disk1', PAGE_COUNT + 1),
    ];
    for (const disk of disks) disk.pages.set(STATUS_PAGE, encodeStatus({ ...CLEAN_STATUS, inUse: true }));
    const setup = open(world, disks, order);
    expect(setup.persistedAtStart.length).toBe(1);
    expect(setup.persistedAtStart.every(seedOk)).toBe(true);
    expect(setup.volume.modes).toEqual(['inService', 'inService']);
  });

  it('a disk replaced, then a crash after any prefix of the status writes: unforced recovery is accepted', () => {
    for (const copy of [0, 1] as const) {
      for (const order of ['fifo', 'lifo'] as const) {
        for (let landed = 0; landed <= 3; landed += 1) {
          const setup = freshVolume(order);
          const replacement = new MemoryBlockDevice(setup.world, `disk${copy}-new`, PAGE_COUNT + 1);
          setup.volume.replaceDevice(copy, replacement, () => {});
          for (let step = 0; step < landed; step += 1) setup.world.step(order);
          setup.world.crash();
          setup.disks[copy] = replacement;
          const after = open(setup.world, setup.disks, order);
          const where = `copy ${copy} replaced, ${order}, ${landed} completions before the crash`;
          expect(after.volume.modes[copy], where).toBe('downLevel');
          let outcome: { ok: boolean } | undefined;
          after.volume.startRecovery({ forced: false }, (result) => (outcome = result));
          setup.world.settle(order);
          expect(outcome?.ok, `${where}: ${after.refusals.join('; ')}`).toBe(true);
          expect(after.persistedAtStart.every(seedOk), where).toBe(true);
          // The good copy's data came back to the new disk, never the other way round.
          const good = setup.disks[copy === 0 ? 1 : 0];
          expect(replacement.content(1, PAGE_COUNT), where).toEqual(good.content(1, PAGE_COUNT));
          expect(good.pages.get(1), where).toBe(100);
        }
      }
    }
  });
});

describe('a recovery that fails', () => {
  it('holds back a write that skipped the failed copy until the good copy says so on disk', () => {
    const setup = freshVolume();
    const replacement = new MemoryBlockDevice(setup.world, 'disk1-new', PAGE_COUNT + 1);
    setup.volume.replaceDevice(1, replacement, () => {});
    setup.world.settle();
    setup.volume.startRecovery({ forced: false }, () => {});
    // Reading region 1 of the good copy fails every time, until the recovery gives up.
    const readingRegion1 = () => setup.world.pending.find((op) =>
      op.device === 'disk0' && op.kind === 'readRange' && op.firstPage === 5);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(setup.world.settle('fifo', () => readingRegion1() !== undefined)).toBe(true);
      const read = readingRegion1()!;
      setup.world.pending.splice(setup.world.pending.indexOf(read), 1);
      setup.disks[0].ioErrorsLeft = 1;
      read.complete();
    }
    expect(setup.volume.modes[1]).toBe('downLevel');
    let acknowledged = false;
    setup.volume.write(2, 999, (result) => (acknowledged = result.ok));
    // Every completion but the good copy's status write lands, then the power goes.
    const goodStatus = (op: PendingOperation) => op.device === 'disk0' && op.kind === 'write' && op.firstPage === 0;
    while (setup.world.pending.some((op) => !goodStatus(op))) setup.world.step('fifo', goodStatus);
    setup.world.crash();
    expect(persisted(setup.disks[0]).otherDownLevel).toBe(false);
    expect(acknowledged).toBe(false);
  });
});

describe('a read that fails over', () => {
  it('does not fall back to a copy replaced meanwhile and recovering, whose page is not yet copied', () => {
    const setup = freshVolume();
    let result: { ok: boolean; token?: number } | undefined;
    setup.volume.read(14, (read) => (result = read));
    const readOnDisk0 = setup.world.pending.find((op) => op.device === 'disk0' && op.kind === 'read');
    expect(readOnDisk0).toBeDefined();
    setup.world.pending.splice(setup.world.pending.indexOf(readOnDisk0 as PendingOperation), 1);
    const replacement = new MemoryBlockDevice(setup.world, 'disk1-new', PAGE_COUNT + 1);
    setup.volume.replaceDevice(1, replacement, () => {});
    setup.world.settle();
    setup.volume.startRecovery({ forced: false }, () => {});
    // Run until the recovery is copying region 1: page 14 (region 3) is not yet synced on the new disk.
    const copyingRegion1 = () => setup.world.pending.some((op) => op.kind === 'readRange' && op.firstPage === 5);
    expect(setup.world.settle('fifo', copyingRegion1)).toBe(true);
    expect(setup.volume.modes[1]).toBe('recovering');
    setup.disks[0].ioErrorsLeft = 1;
    readOnDisk0!.complete();
    setup.world.settle();
    expect(result).toEqual({ ok: false, error: 'ioError' });
  });
});
