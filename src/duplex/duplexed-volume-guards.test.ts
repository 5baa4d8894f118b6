// The duplexed volume's and its recovery's guards that no other test drives, each with its precondition
// violated on in-memory devices: what each refusal, retry, acknowledgement rule and abort prevents. The
// mutation named beside each test (docs/guards.md) removes the guard and makes the test fail.

import { describe, expect, it } from 'vitest';
import type { WriteResult } from '../ports/block-device.js';
import { ManualWorld, MemoryBlockDevice, type PendingOperation } from '../testing/manual-io.js';
import { DuplexedVolume } from './duplexed-volume.js';
import { RECOVERY_POLICIES } from './recovery-policy.js';
import { CLEAN_STATUS, type StatusEntry, decodeStatus, encodeStatus } from './status-entry.js';
import type { VolumeObserver } from './volume-observer.js';

const PAGE_COUNT = 16;
const REGION_PAGES = 4;
type Outcome = { ok: boolean; reason: string } | undefined;

type Disks = [MemoryBlockDevice, MemoryBlockDevice];
const twoDisks = (world: ManualWorld): Disks =>
  [new MemoryBlockDevice(world, 'disk0', PAGE_COUNT + 1), new MemoryBlockDevice(world, 'disk1', PAGE_COUNT + 1)];

function build(disks?: Disks, world = new ManualWorld(), started: () => void = () => {}) {
  const devices = disks ?? twoDisks(world);
  const observer: VolumeObserver = {
    copyDownLevel() {}, recoveryRefused() {}, recoveryStarted: () => started(), regionCopied() {},
    recoveryFinished() {}, copyReinstated() {},
  };
  const geometry = { pageCount: PAGE_COUNT, regionPages: REGION_PAGES, tocPages: 2, pauseBetweenRegionsUs: 0 };
  const volume = new DuplexedVolume([devices[0], devices[1]], geometry, world, RECOVERY_POLICIES.gated, observer);
  volume.open(() => {});
  world.settle();
  return { world, disks: devices, volume };
}

/** Copy 1 is a blank replacement disk, down level; copy 0 holds token 100 + page on every page. */
function withReplacedCopy(started?: () => void) {
  const setup = build(undefined, undefined, started);
  for (let page = 0; page < PAGE_COUNT; page += 1) setup.volume.write(page, 100 + page, () => {});
  setup.world.settle();
  setup.volume.replaceDevice(1, new MemoryBlockDevice(setup.world, 'disk1-new', PAGE_COUNT + 1), () => {});
  setup.world.settle();
  setup.disks[1] = setup.volume.devices[1] as MemoryBlockDevice;
  return setup;
}

function write(volume: DuplexedVolume, page: number, token: number): () => WriteResult | undefined {
  let result: WriteResult | undefined;
  volume.write(page, token, (outcome) => (result = outcome));
  return () => result;
}

const reading = (device: string, firstPage: number) => (operation: PendingOperation) =>
  operation.device === device && operation.kind === 'readRange' && operation.firstPage === firstPage;

describe('recovery refusals', () => {
  // Mutation: D.recover.running.
  it('a second recovery while one runs is refused', () => {
    const setup = withReplacedCopy();
    const outcomes: Outcome[] = [];
    setup.volume.startRecovery({ forced: false }, (outcome) => outcomes.push(outcome));
    setup.volume.startRecovery({ forced: true }, (outcome) => outcomes.push(outcome));
    setup.world.settle();
    expect(outcomes).toEqual([
      { ok: false, reason: 'a recovery is already running' }, { ok: true, reason: 'both copies in service' },
    ]);
  });

  // Mutation: O.refuse.candidates.
  it('with no copy in service there is nothing to recover from, forced or not', () => {
    const world = new ManualWorld();
    const disks = twoDisks(world);
    for (const disk of disks) disk.pages.set(0, encodeStatus({ ...CLEAN_STATUS, thisDownLevel: true }));
    const { volume } = build(disks, world);
    let outcome: Outcome;
    volume.startRecovery({ forced: true }, (result) => (outcome = result));
    expect(outcome).toEqual({ ok: false, reason: 'no copy is in service to recover from' });
  });

  // Mutation: D.recover.waitDurable.
  it('starts only once the flags it is judged on are on disk', () => {
    let flagOnDiskAtStart: boolean | undefined;
    const setup = build(undefined, undefined, () => {
      flagOnDiskAtStart = decodeStatus(setup.disks[0].pages.get(0) ?? 0).otherDownLevel;
    });
    setup.volume.replaceDevice(1, new MemoryBlockDevice(setup.world, 'disk1-new', PAGE_COUNT + 1), () => {});
    setup.volume.startRecovery({ forced: false }, () => {}); // the good copy's "other down level" is still in flight
    setup.world.settle();
    expect(flagOnDiskAtStart).toBe(true);
  });
});

describe('writes and reads', () => {
  // Mutation: D.write.onlyInService.
  it('a write that reached only the recovering copy is not acknowledged', () => {
    const setup = withReplacedCopy();
    setup.volume.startRecovery({ forced: false }, () => {});
    expect(setup.world.settle('fifo', () => setup.world.pending.some(reading('disk0', 5)))).toBe(true);
    setup.disks[0].failed = true;
    // The recovery may still overwrite page 14 on its copy from the good one: it is not durable there.
    const result = write(setup.volume, 14, 999);
    setup.world.settle();
    expect(result()).toEqual({ ok: false, error: 'deviceFailed' });
  });

  // Mutations: D.write.lastCopyKept, D.write.lastCopyRetry.
  it('the last good copy is retried on a transient error, never marked down level', () => {
    const setup = withReplacedCopy();
    setup.disks[0].ioErrorsLeft = 1;
    const result = write(setup.volume, 3, 55);
    setup.world.settle();
    expect(result()).toEqual({ ok: true });
    expect(setup.volume.modes).toEqual(['inService', 'downLevel']);
    expect(setup.disks[0].pages.get(4)).toBe(55);
  });

  // Mutation: D.status.retry.
  it('a status entry is written again after a transient error', () => {
    const setup = build();
    setup.disks[0].ioErrorsLeft = 1;
    let landed: boolean | undefined;
    setup.volume.writeStatus(0, { ...CLEAN_STATUS, inUse: true, otherDownLevel: true }, (ok) => (landed = ok));
    setup.world.settle();
    expect(landed).toBe(true);
    expect(decodeStatus(setup.disks[0].pages.get(0)!).otherDownLevel).toBe(true);
  });
});

describe('open', () => {
  const fresh = (errorsOnCopy1: number) => {
    const world = new ManualWorld();
    const disks = twoDisks(world);
    for (const disk of disks) disk.pages.set(0, encodeStatus(CLEAN_STATUS));
    disks[1].ioErrorsLeft = errorsOnCopy1;
    return build(disks, world);
  };

  // Mutation: D.open.readRetry.
  it('a status read is tried again after a transient error', () => {
    expect(fresh(1).volume.modes).toEqual(['inService', 'inService']);
  });

  // Mutation: D.open.unreadable.
  it('a copy whose entry cannot be read is down level, and the other copy says so on disk', () => {
    const setup = fresh(3);
    expect(setup.volume.modes).toEqual(['inService', 'downLevel']);
    // A later open, with the copy readable again, must not take it for a good one.
    expect(decodeStatus(setup.disks[0].pages.get(0)!).otherDownLevel).toBe(true);
  });
});

describe('a recovery under failures', () => {
  // Mutation: D.markDown.abortRecovery.
  it('an application write failing on the recovering copy ends the recovery', () => {
    const setup = withReplacedCopy();
    let outcome: Outcome;
    setup.volume.startRecovery({ forced: false }, (result) => (outcome = result));
    expect(setup.world.settle('fifo', () => setup.world.pending.some(reading('disk0', 5)))).toBe(true);
    setup.disks[1].failed = true;
    write(setup.volume, 14, 999);
    setup.world.settle();
    expect(outcome?.ok).toBe(false);
    expect(setup.volume.modes).toEqual(['inService', 'downLevel']);
    expect(setup.volume.recoveryActive).toBe(false);
  });

  // Mutation: O.writeFailMarksDown.
  it('a range the recovering copy failed to write is never counted as copied', () => {
    const setup = withReplacedCopy();
    let outcome: Outcome;
    setup.volume.startRecovery({ forced: false }, (result) => (outcome = result));
    const copying = (operation: PendingOperation) => operation.kind === 'writeRange' && operation.firstPage === 5;
    const onlyCopying = () => setup.world.pending.length === 1 && copying(setup.world.pending[0]);
    expect(setup.world.settle('fifo', onlyCopying)).toBe(true);
    setup.disks[1].ioErrorsLeft = 1; // the range write changes no page
    setup.world.settle();
    expect(outcome?.ok).toBe(false);
    expect(setup.volume.modes).toEqual(['inService', 'downLevel']);
    const result = write(setup.volume, 5, 999); // region 1: the gate the recovery held is open again
    setup.world.settle();
    expect(result()).toEqual({ ok: true });
  });

  // Mutation: O.tocGated.
  it('a resumed recovery copies the internal tables under the gate: a write to them is kept', () => {
    const setup = withReplacedCopy();
    setup.volume.startRecovery({ forced: false }, () => {});
    const checkpointed = () => decodeStatus(setup.disks[1].pages.get(0) ?? 0).checkpointRegion >= 2;
    expect(setup.world.settle('fifo', checkpointed)).toBe(true);
    setup.world.crash();
    // Resumed at its checkpoint, the recovery copies the tables again but not region 0 with them.
    const after = build(setup.disks, setup.world);
    after.volume.startRecovery({ forced: true }, () => {});
    const tables = (operation: PendingOperation) => operation.kind === 'readRange' && operation.pageCount === 2;
    expect(after.world.settle('fifo', () => after.world.pending.some(tables))).toBe(true);
    write(after.volume, 0, 999);
    after.world.settle();
    expect(setup.disks[1].pages.get(1)).toBe(999);
  });

  // Mutation: O.resume.forcedOnly.
  it('a forced recovery of a copy that went down level starts over, not at its checkpoint', () => {
    const world = new ManualWorld();
    const disks = twoDisks(world);
    const entries: [StatusEntry, StatusEntry] = [
      { ...CLEAN_STATUS, otherDownLevel: true },
      // Its recovery failed after checkpoint 3; it missed writes since, in every region.
      { ...CLEAN_STATUS, thisDownLevel: true, recoveryFailed: true, checkpointRegion: 3 },
    ];
    disks.forEach((disk, copy) => disk.pages.set(0, encodeStatus(entries[copy])));
    for (let page = 1; page <= PAGE_COUNT; page += 1) {
      disks[0].pages.set(page, 200 + page);
      disks[1].pages.set(page, 100 + page);
    }
    const { volume } = build(disks, world);
    let outcome: Outcome;
    volume.startRecovery({ forced: true }, (result) => (outcome = result));
    world.settle();
    expect(outcome?.ok).toBe(true);
    expect(disks[1].content(1, PAGE_COUNT)).toEqual(disks[0].content(1, PAGE_COUNT));
  });
});
