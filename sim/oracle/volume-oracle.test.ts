// The volume oracle's read-from-unsynced check judges the disk under recovery, not the copy index: a copy's
// disk replaced mid-run is retired (reads still queued on it return what it held in service), while reads
// of the new disk's uncopied regions are still caught. It judges a read when it is sent to the disk: one sent
// while the copy was in service and served after its recovery began is the port's freedom, not the volume's.

import { describe, expect, it } from 'vitest';
import { CLEAN_STATUS, STATUS_PAGE, decodeStatus, encodeStatus } from '../../src/duplex/status-entry.js';
import { Kernel } from '../kernel/kernel.js';
import { SimulatedDisk } from '../world/simulated-disk.js';
import { VolumeOracle } from './volume-oracle.js';
import { ViolationLog } from './violations.js';

const REGION_PAGES = 4;
const quietWatcher = { pageWritten: () => {}, readSent: () => {}, rangeWritten: () => {} };

function setup() {
  const kernel = new Kernel({ seed: 'volume-oracle' });
  const log = new ViolationLog(kernel);
  const oracle = new VolumeOracle(kernel, log, REGION_PAGES);
  const service = { model: 'fixed', timeUs: 100 } as const;
  const disk = (name: string) => new SimulatedDisk(name, 17, kernel, service, kernel.random.stream(name), quietWatcher);
  const [retired, good, replacement] = [disk('copy0.disk1'), disk('copy1.disk1'), disk('copy0.disk2')];
  oracle.attach(0, retired);
  oracle.attach(1, good);
  oracle.attach(0, replacement);
  const recovering = encodeStatus({ ...CLEAN_STATUS, recoveryInProgress: true });
  oracle.pageWritten(replacement, STATUS_PAGE, recovering, 0, false);
  return { oracle, log, retired, good, replacement };
}
const invariants = (log: ViolationLog): string[] => log.violations.map((violation) => violation.invariant);

describe('readFromUnsynced follows the disk under recovery', () => {
  it('a read served by the retired disk of the recovering copy is not judged as the new disk', () => {
    const { oracle, log, retired, good } = setup();
    oracle.readSent(retired, 6);
    oracle.readSent(good, 6);
    // A status write still queued on the retired disk lands: the new disk's recovery goes on.
    oracle.pageWritten(retired, STATUS_PAGE, encodeStatus({ ...CLEAN_STATUS, thisDownLevel: true }), 0, false);
    expect(invariants(log)).toEqual([]);
  });

  it('a read of the new disk is caught where no region was copied, and not where one was', () => {
    const { oracle, log, replacement } = setup();
    oracle.rangeWritten(replacement, 1, REGION_PAGES);
    oracle.readSent(replacement, 2);
    expect(invariants(log)).toEqual([]);
    oracle.readSent(replacement, 6);
    expect(invariants(log)).toEqual(['readFromUnsynced']);
  });
});

describe('readFromUnsynced judges a read when it is sent', () => {
  const recovering = encodeStatus({ ...CLEAN_STATUS, recoveryInProgress: true });

  function watchedDisk() {
    const kernel = new Kernel({ seed: 'volume-oracle-sent' });
    const log = new ViolationLog(kernel);
    const oracle = new VolumeOracle(kernel, log, REGION_PAGES);
    const service = { model: 'fixed', timeUs: 100, order: 'fifo' } as const;
    const disk = new SimulatedDisk('copy0.disk1', 17, kernel, service, kernel.random.stream('copy0.disk1'), oracle);
    oracle.attach(0, disk);
    return { kernel, log, oracle, disk };
  }

  it('a read sent while the copy was in service, served once its recovery began, is not judged', () => {
    const { kernel, log, disk } = watchedDisk();
    const served: number[] = [];
    // The status write marking recovery in progress is in service; the read is sent before it lands, so the
    // copy was not yet under recovery, and is served after it (seed 9722: a slow disk served such reads late).
    disk.write(STATUS_PAGE, recovering, () => {});
    disk.read(6, (result) => {
      expect(decodeStatus(disk.peek(STATUS_PAGE)).recoveryInProgress).toBe(true);
      if (result.ok) served.push(6);
    });
    kernel.run();
    expect(served).toEqual([6]);
    expect(invariants(log)).toEqual([]);
  });

  it('a read sent once recovery is in progress, to a region not yet copied, is caught', () => {
    const { kernel, log, disk } = watchedDisk();
    disk.write(STATUS_PAGE, recovering, () => {});
    kernel.run();
    disk.read(6, () => {});
    expect(invariants(log)).toEqual(['readFromUnsynced']);
  });
});
