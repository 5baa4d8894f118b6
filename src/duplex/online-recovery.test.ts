// Online recovery of a duplexed volume on in-memory devices (milliseconds): the seed's preconditions, the
// region gate, the read restriction and the checkpoint order, each shown necessary by its flawed policy.

import { describe, expect, it } from 'vitest';
import { LogicAssertionError } from '../assert.js';
import { ManualWorld, MemoryBlockDevice, type PendingOperation } from '../testing/manual-io.js';
import { DuplexedVolume } from './duplexed-volume.js';
import { RECOVERY_POLICIES } from './recovery-policy.js';
import { RegionGate } from './region-gate.js';
import { type StatusEntry, CLEAN_STATUS, decodeStatus, encodeStatus } from './status-entry.js';
import type { VolumeObserver } from './volume-observer.js';

const PAGE_COUNT = 16;
const REGION_PAGES = 4;

function twoDisks(world: ManualWorld): [MemoryBlockDevice, MemoryBlockDevice] {
  return [new MemoryBlockDevice(world, 'disk0', PAGE_COUNT + 1), new MemoryBlockDevice(world, 'disk1', PAGE_COUNT + 1)];
}

function build(policy: string, world = new ManualWorld(), disks?: [MemoryBlockDevice, MemoryBlockDevice]) {
  const devices = disks ?? twoDisks(world);
  const refusals: string[] = [];
  const starts: string[] = [];
  const observer: VolumeObserver = {
    copyDownLevel() {}, copyReinstated() {},
    recoveryRefused: (reason) => void refusals.push(reason),
    recoveryStarted: ({ good, recovering }) => void starts.push(`${good} -> ${recovering}`),
    regionCopied() {},
    recoveryFinished() {},
  };
  const geometry = { pageCount: PAGE_COUNT, regionPages: REGION_PAGES, tocPages: 2, pauseBetweenRegionsUs: 0 };
  const volume = new DuplexedVolume([devices[0], devices[1]], geometry, world, RECOVERY_POLICIES[policy], observer);
  let opened = false;
  volume.open(() => (opened = true));
  world.settle();
  expect(opened).toBe(true);
  return { world, disks: devices, volume, refusals, starts };
}

/** A volume whose copy 1 is a blank replacement disk, down level, with data on copy 0 (token 100 + page). */
function withReplacedCopy(policy: string) {
  const setup = build(policy);
  for (let page = 0; page < PAGE_COUNT; page += 1) setup.volume.write(page, 100 + page, () => {});
  setup.world.settle();
  setup.volume.replaceDevice(1, new MemoryBlockDevice(setup.world, 'disk1-new', PAGE_COUNT + 1), () => {});
  setup.world.settle();
  setup.disks[1] = setup.volume.devices[1] as MemoryBlockDevice;
  return setup;
}

function recover(setup: ReturnType<typeof build>, forced = false): { ok: boolean; reason: string } | undefined {
  let outcome: { ok: boolean; reason: string } | undefined;
  setup.volume.startRecovery({ forced }, (result) => (outcome = result));
  setup.world.settle();
  return outcome;
}

const dataOf = (disk: MemoryBlockDevice) => disk.content(1, PAGE_COUNT);

/** Starts a volume from status entries written straight onto its disks (the state a crash left). */
function fromEntries(policy: string, entries: [StatusEntry, StatusEntry]) {
  const world = new ManualWorld();
  const disks = twoDisks(world);
  disks.forEach((disk, copy) => disk.pages.set(0, encodeStatus(entries[copy])));
  return build(policy, world, disks);
}

describe('online recovery', () => {
  it('brings a replacement disk back: both copies equal, flags clear, both in service', () => {
    const setup = withReplacedCopy('gated');
    expect(setup.volume.modes).toEqual(['inService', 'downLevel']);
    expect(recover(setup)).toEqual({ ok: true, reason: 'both copies in service' });
    expect(setup.volume.modes).toEqual(['inService', 'inService']);
    expect(dataOf(setup.disks[1])).toEqual(dataOf(setup.disks[0]));
    expect(decodeStatus(setup.disks[1].pages.get(0)!)).toEqual({ ...CLEAN_STATUS, inUse: true });
  });

  it('persists "other copy down level" on the good copy before a write that failed on one copy completes', () => {
    const setup = build('gated');
    setup.disks[1].failed = true;
    let flagAtCompletion: boolean | undefined;
    setup.volume.write(3, 7, (result) => {
      expect(result.ok).toBe(true);
      flagAtCompletion = decodeStatus(setup.disks[0].pages.get(0) ?? 0).otherDownLevel;
    });
    setup.world.settle();
    expect(flagAtCompletion).toBe(true);
    expect(setup.volume.modes).toEqual(['inService', 'downLevel']);
  });

  it('at open, a clean-reading copy the good copy calls down level is down level (a replacement disk)', () => {
    const setup = fromEntries('gated', [{ ...CLEAN_STATUS, otherDownLevel: true }, CLEAN_STATUS]);
    expect(setup.volume.modes).toEqual(['inService', 'downLevel']);
    expect(recover(setup)?.ok).toBe(true);
  });

  it('after an unclean stop (both entries in use) copy 1 is resynchronised from copy 0 at open', () => {
    const inUse = { ...CLEAN_STATUS, inUse: true };
    const setup = fromEntries('gated', [inUse, inUse]);
    expect(setup.starts).toEqual(['0 -> 1']);
    expect(setup.volume.modes).toEqual(['inService', 'inService']);
    expect(setup.volume.recoveryActive).toBe(false);
    expect(decodeStatus(setup.disks[0].pages.get(0)!).otherDownLevel).toBe(false);
    expect(decodeStatus(setup.disks[1].pages.get(0)!)).toEqual(inUse);
  });

  it('asserts a mode change the seed does not allow, and a write or read beyond the volume', () => {
    const setup = build('gated');
    expect(() => setup.volume.setMode(0, 'recovering')).toThrow(/may not go from inService to recovering/);
    setup.volume.setMode(1, 'downLevel');
    expect(() => setup.volume.setMode(1, 'inService')).toThrow(LogicAssertionError);
    expect(() => setup.volume.write(PAGE_COUNT, 1, () => {})).toThrow(LogicAssertionError);
    expect(() => setup.volume.read(-1, () => {})).toThrow(LogicAssertionError);
  });

  describe('preconditions (seed 003): refused unless forced; the unchecked policy is the mutation', () => {
    const failedBefore: [StatusEntry, StatusEntry] = [
      { ...CLEAN_STATUS, otherDownLevel: true },
      { ...CLEAN_STATUS, thisDownLevel: true, recoveryFailed: true },
    ];
    const nobodySays: [StatusEntry, StatusEntry] = [CLEAN_STATUS, { ...CLEAN_STATUS, thisDownLevel: true }];

    it.each([
      ['a previous recovery failed', failedBefore, 'a previous recovery failed (the operator path is needed)'],
      ['neither copy says the other is down level', nobodySays, 'neither copy says the other is down level'],
    ] as const)('%s: gated refuses, unchecked goes ahead, forced goes ahead', (_, entries, refusal) => {
      const gated = fromEntries('gated', entries);
      expect(gated.volume.modes).toEqual(['inService', 'downLevel']);
      expect(recover(gated)).toEqual({ ok: false, reason: refusal });
      expect(gated.refusals).toEqual([refusal]);
      expect(recover(fromEntries('unchecked', entries))?.ok).toBe(true);
      expect(recover(fromEntries('gated', entries), true)?.ok).toBe(true);
    });

    it('judges the flags as persisted: a flag whose write failed does not count (seed 8899)', () => {
      // Copy 1 is replaced while copy 0 fails every status write: "other copy down level" is set on copy 0 in
      // memory only, so neither disk says so and the seed's recovery must terminate at once.
      const setup = build('gated');
      setup.volume.replaceDevice(1, new MemoryBlockDevice(setup.world, 'disk1-new', PAGE_COUNT + 1), () => {});
      setup.disks[0].ioErrorsLeft = 5;
      setup.world.settle();
      expect(setup.volume.status[0].otherDownLevel).toBe(true);
      expect(decodeStatus(setup.disks[0].pages.get(0)!).otherDownLevel).toBe(false);
      expect(setup.volume.statusPersisted).toEqual([false, true]);
      expect(recover(setup)).toEqual({ ok: false, reason: 'neither copy says the other is down level' });
      expect(setup.starts).toEqual([]);
      expect(recover(setup, true)?.ok).toBe(true);
    });

    it('refuses when both copies are in service, whatever the policy or force', () => {
      for (const policy of ['gated', 'unchecked']) {
        expect(recover(build(policy), true)).toEqual({ ok: false, reason: 'both copies are in service' });
      }
    });
  });

  it('gate: a write into the region being copied waits; ungated, the older copy lands over it', () => {
    const newerOnRecovering = (policy: string): number | undefined => {
      const setup = withReplacedCopy(policy);
      setup.volume.startRecovery({ forced: false }, () => {});
      // Run until the copy of region 2 (volume pages 8..11, device pages 9..12) has read the good copy.
      const readingRegion2 = () => setup.world.pending.some((op) => op.kind === 'readRange' && op.firstPage === 9);
      expect(setup.world.settle('fifo', readingRegion2)).toBe(true);
      setup.volume.write(8, 999, () => {});
      setup.world.settle();
      expect(setup.disks[0].pages.get(9)).toBe(999);
      return setup.disks[1].pages.get(9);
    };
    expect(newerOnRecovering('gated')).toBe(999);
    expect(newerOnRecovering('ungated')).toBe(108);
  });

  it('gate drain: the copy waits for a write in flight; mutation "no drain" reads before it lands and loses it', () => {
    /** The named mutation: a gate that closes without waiting for writes already in flight. */
    class NoDrainGate extends RegionGate {
      override close(firstPage: number, endPage: number, ready: () => void): void {
        super.close(firstPage, endPage, () => {});
        ready();
      }
    }
    const copies = (drain: boolean) => {
      const setup = withReplacedCopy('gated');
      if (!drain) (setup.volume as unknown as { gate: RegionGate }).gate = new NoDrainGate();
      setup.volume.startRecovery({ forced: false }, () => {});
      const copyingRegion1 = () => setup.world.pending.some((op) => op.kind === 'writeRange' && op.firstPage === 5);
      expect(setup.world.settle('fifo', copyingRegion1)).toBe(true);
      setup.volume.write(8, 999, () => {});
      // The good copy's write of page 8 (device page 9) completes last of all, as the port allows.
      const goodCopyWrite = (op: PendingOperation) => op.device === 'disk0' && op.kind === 'write'
        && op.firstPage === 9;
      setup.world.settle('fifo', () => false, goodCopyWrite);
      return [setup.disks[0].pages.get(9), setup.disks[1].pages.get(9)];
    };
    expect(copies(true)).toEqual([999, 999]);
    expect(copies(false)).toEqual([999, 108]);
  });

  it('read restriction: an unsynced page is never read from the recovering copy; read-recovering does', () => {
    const readDuringRecovery = (policy: string): number | undefined => {
      const setup = withReplacedCopy(policy);
      setup.volume.startRecovery({ forced: false }, () => {});
      const copyingRegion1 = () => setup.world.pending.some((op) => op.kind === 'readRange' && op.firstPage === 5);
      expect(setup.world.settle('fifo', copyingRegion1)).toBe(true);
      expect(setup.volume.modes[1]).toBe('recovering');
      let token: number | undefined;
      setup.volume.read(14, (result) => (token = result.ok ? result.token : undefined));
      setup.world.settle();
      return token;
    };
    expect(readDuringRecovery('gated')).toBe(114);
    expect(readDuringRecovery('read-recovering')).toBe(0);
  });

  it('checkpoint order: crash once checkpoint 2 is durable, forced resume; checkpoint-early skips a region', () => {
    const copiesAfterCrash = (policy: string) => {
      const setup = withReplacedCopy(policy);
      setup.volume.startRecovery({ forced: false }, () => {});
      const checkpointed = () => decodeStatus(setup.disks[1].pages.get(0) ?? 0).checkpointRegion >= 2;
      expect(setup.world.settle('fifo', checkpointed)).toBe(true);
      setup.world.crash();
      const after = build(policy, setup.world, setup.disks);
      expect(after.volume.modes).toEqual(['inService', 'recovering']);
      // The seed's flags now satisfy neither precondition: only the operator path resumes it.
      expect(recover(after)?.ok).toBe(false);
      expect(recover(after, true)?.ok).toBe(true);
      return { good: dataOf(setup.disks[0]), recovered: dataOf(setup.disks[1]) };
    };
    const gated = copiesAfterCrash('gated');
    expect(gated.recovered).toEqual(gated.good);
    const early = copiesAfterCrash('checkpoint-early');
    expect(early.recovered).not.toEqual(early.good);
    expect(early.recovered.filter(([page]) => page >= 5 && page < 9)).toEqual([]);
  });
});
