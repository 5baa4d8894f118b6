// The staleRead race, by hand: a read overlapping a write may return either version (volume and mirror
// oracles), while a read issued after a newer version was acknowledged must not return the older one.

import { describe, expect, it } from 'vitest';
import { Kernel } from '../kernel/kernel.js';
import { MirrorOracle } from './mirror-oracle.js';
import { VolumeOracle } from './volume-oracle.js';
import { ViolationLog } from './violations.js';

const setup = () => {
  const kernel = new Kernel({ seed: 'read-race' });
  const log = new ViolationLog(kernel);
  return { kernel, log, volume: new VolumeOracle(kernel, log, 16), mirror: new MirrorOracle(kernel, log, 64) };
};
const invariants = (log: ViolationLog): string[] => log.violations.map((violation) => violation.invariant);

describe('volume oracle: reads judged against the versions possible while they were outstanding', () => {
  it('a read issued before a write that is acknowledged before the read returns may return the old version', () => {
    const { volume, log } = setup();
    volume.writeIssued(3, 11);
    volume.writeAcknowledged(3, 11);
    const read = volume.readIssued(3);
    volume.writeIssued(3, 13);
    volume.writeAcknowledged(3, 13);
    // The old rule judged at the return: the latest acknowledged version is 13 and nothing is in flight,
    // so returning 11 would have been a (false) staleRead.
    expect(volume.acknowledged.get(3)).toBe(13);
    expect(volume.uncertain.has(3)).toBe(false);
    volume.readReturned(read, 11);
    expect(invariants(log)).toEqual([]);
  });

  it('the overlapping read may also return the new version, even one issued after the read', () => {
    const { volume, log } = setup();
    volume.writeIssued(3, 11);
    volume.writeAcknowledged(3, 11);
    const read = volume.readIssued(3);
    volume.writeIssued(3, 13);
    volume.readReturned(read, 13);
    expect(invariants(log)).toEqual([]);
  });

  it('a truly stale read is still caught: issued after version 13 was acknowledged, it returns 11', () => {
    const { volume, log } = setup();
    volume.writeIssued(3, 11);
    volume.writeAcknowledged(3, 11);
    volume.writeIssued(3, 13);
    volume.writeAcknowledged(3, 13);
    const read = volume.readIssued(3);
    volume.readReturned(read, 11);
    expect(invariants(log)).toEqual(['staleRead']);
    expect(log.violations[0].message).toContain('could return only 13');
  });

  it('a version never written is stale, and a write to another page does not excuse it', () => {
    const { volume, log } = setup();
    const read = volume.readIssued(3);
    volume.writeIssued(4, 17);
    volume.readReturned(read, 17);
    expect(invariants(log)).toEqual(['staleRead']);
  });
});

describe('mirror oracle: production reads judged the same way', () => {
  it('a read overlapping an acknowledged write may return the old version; a read issued after it may not', () => {
    const { mirror, log } = setup();
    mirror.writeIssued(5, 21);
    mirror.writeCompleted(5, 21, true);
    const overlapping = mirror.readIssued(5);
    mirror.writeIssued(5, 22);
    mirror.writeCompleted(5, 22, true);
    mirror.readCompleted(overlapping, 21);
    expect(invariants(log)).toEqual([]);
    const later = mirror.readIssued(5);
    mirror.readCompleted(later, 21);
    expect(invariants(log)).toEqual(['staleRead']);
  });

  it('a write that failed while the read was outstanding may be returned (it may have landed)', () => {
    const { mirror, log } = setup();
    const read = mirror.readIssued(5);
    mirror.writeIssued(5, 30);
    mirror.writeCompleted(5, 30, false);
    mirror.readCompleted(read, 30);
    expect(invariants(log)).toEqual([]);
  });
});
