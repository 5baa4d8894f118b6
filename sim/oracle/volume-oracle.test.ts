// The volume oracle's read-from-unsynced check judges the disk under recovery, not the copy index: a copy's
// disk replaced mid-run is retired (reads still queued on it return what it held in service), while reads
// of the new disk's uncopied regions are still caught.

import { describe, expect, it } from 'vitest';
import { CLEAN_STATUS, STATUS_PAGE, encodeStatus } from '../../src/duplex/status-entry.js';
import { Kernel } from '../kernel/kernel.js';
import { SimulatedDisk } from '../world/simulated-disk.js';
import { VolumeOracle } from './volume-oracle.js';
import { ViolationLog } from './violations.js';

const REGION_PAGES = 4;
const quietWatcher = { pageWritten: () => {}, pageRead: () => {}, rangeWritten: () => {} };

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
    oracle.pageRead(retired, 6);
    oracle.pageRead(good, 6);
    // A status write still queued on the retired disk lands: the new disk's recovery goes on.
    oracle.pageWritten(retired, STATUS_PAGE, encodeStatus({ ...CLEAN_STATUS, thisDownLevel: true }), 0, false);
    expect(invariants(log)).toEqual([]);
  });

  it('a read of the new disk is caught where no region was copied, and not where one was', () => {
    const { oracle, log, replacement } = setup();
    oracle.rangeWritten(replacement, 1, REGION_PAGES);
    oracle.pageRead(replacement, 2);
    expect(invariants(log)).toEqual([]);
    oracle.pageRead(replacement, 6);
    expect(invariants(log)).toEqual(['readFromUnsynced']);
  });
});
