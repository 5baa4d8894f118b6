// No invariant that nothing trips: every invariant name the simulator can report is listed below with the test
// that trips it (docs/guards.md), a new one fails this test until it is; and each report site of the oracles
// that only end-to-end runs reached is tripped here by hand, in milliseconds.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN_STATUS, STATUS_PAGE, encodeStatus } from '../../src/duplex/status-entry.js';
import { DATA_FIRST_PAGE } from '../../src/sls/iasp-layout.js';
import { Kernel } from '../kernel/kernel.js';
import { SimulatedDisk } from '../world/simulated-disk.js';
import { MirrorOracle } from './mirror-oracle.js';
import { ResolutionOracle } from './resolution-oracle.js';
import { VolumeOracle } from './volume-oracle.js';
import { ViolationLog } from './violations.js';

/** Each invariant and the tests that trip it (file: test name), as docs/guards.md lists them. */
const GEO = 'sim/world/geo-world.test.ts';
const DUPLEX = 'sim/world/duplex-world.test.ts';
const TRIPPED_BY: Readonly<Record<string, readonly string[]>> = {
  foreignResolution: [`${GEO}: shared-range, iasp-counter, detach-assigned, system-unique-lazy`, 'here'],
  acknowledgedWriteLost: [`${GEO}: early-ack`, `${DUPLEX}: checkpoint-early`, 'here'],
  staleRead: [`${GEO}: early-ack`, `${DUPLEX}: read-recovering`, 'sim/oracle/read-race.test.ts'],
  readFromUnsynced: [`${GEO}: vary-on-syncing`, `${DUPLEX}: read-recovering`, 'sim/oracle/mirror-oracle.test.ts'],
  olderOverNewer: [`${GEO}: ungated-sync`, `${DUPLEX}: ungated`, 'here'],
  copiesDiffer: [`${GEO}: lossy-tracking`, `${DUPLEX}: checkpoint-early`, 'here'],
  trackingMissedPage: [`${GEO}: lossy-tracking`, 'here'],
  promotionRule: [`${GEO}: unchecked-promotion`, 'sim/oracle/mirror-oracle.test.ts'],
  recoveryPreconditions: [`${DUPLEX}: unchecked`, 'here'],
  splitBrain: ['sim/world/geo-roles.test.ts: partitioned restart under M.restart.waitHello', 'here'],
  assertion: ['sim/runner/logic-assertion.test.ts'],
  liveness: ['sim/oracle/liveness-oracle.test.ts'],
  testInvariant: ['sim/runner/run-scenario.test.ts: test.violate'],
};

const SIM_ROOT = join(import.meta.dirname, '..');

/** Every invariant name passed as a literal to a `report(` call in sim/ outside tests. */
function reportedNames(): string[] {
  const names = new Set<string>();
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/\.report\('([A-Za-z]+)'/g)) names.add(match[1]);
      }
    }
  };
  visit(SIM_ROOT);
  return [...names].sort();
}

describe('every invariant is tripped by some test', () => {
  it('the simulator reports exactly the invariants listed with their tests; docs/guards.md names each', () => {
    expect(reportedNames()).toEqual(Object.keys(TRIPPED_BY).sort());
    const doc = readFileSync(join(SIM_ROOT, '..', 'docs', 'guards.md'), 'utf8');
    for (const name of Object.keys(TRIPPED_BY)) expect(doc, name).toContain(`\`${name}\``);
  });
});

const quiet = { pageWritten: () => {}, readSent: () => {}, rangeWritten: () => {} };
function setup() {
  const kernel = new Kernel({ seed: 'every-invariant' });
  const log = new ViolationLog(kernel);
  const disk = (name: string, pages: number) =>
    new SimulatedDisk(name, pages, kernel, { model: 'fixed', timeUs: 100 }, kernel.random.stream(name), quiet);
  const land = (target: SimulatedDisk, page: number, token: number): void => {
    target.write(page, token, () => {});
    kernel.run({});
  };
  const invariants = () => log.violations.map((violation) => violation.invariant);
  return { kernel, log, disk, land, invariants };
}

describe('mirror oracle report sites, by hand', () => {
  const mirrorSetup = () => {
    const base = setup();
    const mirror = new MirrorOracle(base.kernel, base.log, 64);
    const production = base.disk('A.copy', DATA_FIRST_PAGE + 64);
    const target = base.disk('B.copy', DATA_FIRST_PAGE + 64);
    mirror.targetCopy = () => target;
    return { ...base, mirror, production, target };
  };

  it('acknowledgedWriteLost at the end of the run: production lacks an acknowledged version', () => {
    const { mirror, production, invariants } = mirrorSetup();
    mirror.writeIssued(2, 5);
    mirror.writeCompleted(2, 5, true);
    mirror.finalCheck(production, undefined);
    expect(invariants()).toEqual(['acknowledgedWriteLost']);
  });

  it('copiesDiffer: quiet and in step, the copies hold different pages', () => {
    const { mirror, production, target, land, invariants } = mirrorSetup();
    land(production, DATA_FIRST_PAGE + 3, 7);
    land(target, DATA_FIRST_PAGE + 3, 6);
    mirror.finalCheck(production, target);
    expect(invariants()).toEqual(['copiesDiffer']);
  });

  it('trackingMissedPage: a partial plan misses a page on which the copies differ', () => {
    const { mirror, production, target, land, invariants } = mirrorSetup();
    land(production, DATA_FIRST_PAGE + 3, 7);
    land(production, DATA_FIRST_PAGE + 9, 8);
    mirror.syncPlanned(false, [DATA_FIRST_PAGE + 3], production, target);
    expect(invariants()).toEqual(['trackingMissedPage']);
  });

  it('olderOverNewer: a synchronisation range lands an older production version over a newer one', () => {
    const { mirror, target, invariants } = mirrorSetup();
    mirror.writeIssued(4, 10);
    mirror.writeIssued(4, 11);
    mirror.pageWritten(target, DATA_FIRST_PAGE + 4, 10, 11, true);
    expect(invariants()).toEqual(['olderOverNewer']);
  });

  it('splitBrain: a system not routed as production acknowledges a write on its mirrored copy, once', () => {
    const { mirror, production, invariants } = mirrorSetup();
    mirror.writeBesideProduction('B', 'mirrored', 'A'); // before production acknowledged anything: allowed
    mirror.writeIssued(1, 1);
    mirror.writeCompleted(1, 1, true);
    mirror.writeBesideProduction('A', 'mirrored', 'A'); // the routed production itself
    mirror.writeBesideProduction('B', 'mirrorCopy', 'A'); // a detached mirror copy in use: allowed
    mirror.writeBesideProduction('B', 'storageCopy', 'A');
    mirror.writeBesideProduction('B', undefined, 'A');
    expect(invariants()).toEqual([]);
    mirror.writeBesideProduction('B', 'mirrored', 'A');
    mirror.writeBesideProduction('B', 'mirrored', 'A');
    expect(invariants()).toEqual(['splitBrain']);
    mirror.promoted(true, production, true); // a new promotion: reported again, once it writes
    mirror.writeBesideProduction('B', 'mirrored', 'A');
    expect(invariants()).toEqual(['splitBrain']);
    mirror.writeIssued(1, 2);
    mirror.writeCompleted(1, 2, true);
    mirror.writeBesideProduction('B', 'mirrored', 'A');
    expect(invariants()).toEqual(['splitBrain', 'splitBrain']);
  });
});

describe('volume oracle report sites, by hand', () => {
  const volumeSetup = () => {
    const base = setup();
    const volume = new VolumeOracle(base.kernel, base.log, 4);
    const disks = [base.disk('copy0', 17), base.disk('copy1', 17)] as const;
    volume.attach(0, disks[0]);
    volume.attach(1, disks[1]);
    return { ...base, volume, disks };
  };

  it('acknowledgedWriteLost, both ways: no copy is good, or a good copy lacks the version', () => {
    const { volume, disks, land, invariants } = volumeSetup();
    volume.writeIssued(2, 9);
    volume.writeAcknowledged(2, 9);
    for (const disk of disks) land(disk, STATUS_PAGE, encodeStatus({ ...CLEAN_STATUS, thisDownLevel: true }));
    volume.checkAcknowledgedWrites('no good copy');
    land(disks[0], STATUS_PAGE, encodeStatus({ ...CLEAN_STATUS, otherDownLevel: true }));
    volume.checkAcknowledgedWrites('a good copy');
    expect(invariants()).toEqual(['acknowledgedWriteLost', 'acknowledgedWriteLost']);
    expect(volume.counts.checkedPages).toBe(1);
  });

  it('copiesDiffer: after recovery, quiet, the copies hold different versions', () => {
    const { volume, disks, land, invariants } = volumeSetup();
    land(disks[0], 3, 7);
    land(disks[1], 3, 6);
    volume.checkCopiesIdentical();
    expect(invariants()).toEqual(['copiesDiffer']);
  });

  it('olderOverNewer and recoveryPreconditions: an older range write, an unforced recovery nobody called for', () => {
    const { volume, disks, invariants } = volumeSetup();
    volume.pageWritten(disks[1], 3, 6, 7, true);
    volume.recoveryStarted(false);
    expect(invariants()).toEqual(['olderOverNewer', 'recoveryPreconditions']);
  });
});

describe('resolution oracle report site, by hand', () => {
  it('foreignResolution: a pointer resolves to another object than the one it was stored for', () => {
    const { kernel, log, disk, invariants } = setup();
    const oracle = new ResolutionOracle(kernel, log, 64);
    const [intended, other] = [oracle.newObjectSerial(), oracle.newObjectSerial()];
    oracle.objectCreated(intended, 4096, 'B', 'B.copy');
    oracle.objectCreated(other, 4096, 'A', 'A.copy');
    const label = oracle.newPointerLabel('B', 0);
    oracle.pointerStoring(label, intended, 'B', 0);
    const resolution = { kind: 'object', address: 4096, content: other, label } as const;
    const verdict = oracle.resolved('B', 0, disk('B.copy', 8), resolution);
    expect(verdict).toBe('foreign');
    expect(invariants()).toEqual(['foreignResolution']);
    expect(log.violations[0].chain.join('\n')).toContain('created at the same address');
  });
});
