// Disk faults of the two-system world: every fault kind on every device (each system's IASP copy and SYSASP,
// the target's storage copy). Roles are resolved when a fault applies; a fault beyond the modelled
// redundancy is counted and recorded as skipped, never dropped silently.

import { assert } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { SimulatedDisk } from './simulated-disk.js';

export const GEO_DEVICES = [
  'production.iasp', 'target.iasp', 'production.sysasp', 'target.sysasp', 'target.storage',
] as const;
export type GeoDevice = (typeof GEO_DEVICES)[number];

/** What the faults need of the two-system world: its current roles and the target copy's failure model. */
export interface GeoFaultHost {
  readonly production: { readonly sysasp: SimulatedDisk; readonly iaspCopy: SimulatedDisk };
  readonly targetNode: {
    readonly sysasp: SimulatedDisk;
    readonly iaspCopy: SimulatedDisk;
    readonly storageCopy: SimulatedDisk | undefined;
  };
  failTargetDisk(): void;
  replaceTargetDisk(): void;
}

/** Probe names, one per fault kind and device (hit when applied or skipped): every fault reached every device. */
export const deviceProbe = (kind: string, device: GeoDevice): string => `fault.${kind}.${device}`;
const KINDS = ['diskFailure', 'transientErrors', 'latentError', 'slowDisk'] as const;

export class GeoDeviceFaults {
  /** Disks a timed fault touched, so the heal can end every one of them (insertion order: the schedule's). */
  private readonly touched = new Set<SimulatedDisk>();
  private readonly transientEndKind;
  private readonly slowEndKind;
  skippedCount = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly host: GeoFaultHost,
  ) {
    this.transientEndKind = kernel.kind('fault.transientEnd');
    this.slowEndKind = kernel.kind('fault.slowEnd');
    kernel.probes.declare('fault.skippedBeyondRedundancy');
    kernel.probes.declare('fault.skippedNoDevice');
    for (const kind of KINDS) for (const device of GEO_DEVICES) kernel.probes.declare(deviceProbe(kind, device));
  }

  /** The disk a device name means now; undefined when no storage copy is attached. */
  diskOf(device: GeoDevice): SimulatedDisk | undefined {
    switch (device) {
      case 'production.iasp': return this.host.production.iaspCopy;
      case 'production.sysasp': return this.host.production.sysasp;
      case 'target.iasp': return this.host.targetNode.iaspCopy;
      case 'target.sysasp': return this.host.targetNode.sysasp;
      case 'target.storage': return this.host.targetNode.storageCopy;
    }
  }

  /**
   * A disk fails for good. Only the target's IASP copy is backed by redundancy in this model (production
   * holds the data and resynchronises a replacement); the production copy, each SYSASP and a storage copy
   * sit on unprotected disks, so their loss is beyond the modelled redundancy: skipped and counted.
   */
  fail(device: GeoDevice): void {
    this.kernel.probes.hit(deviceProbe('diskFailure', device));
    if (device !== 'target.iasp') return this.skip('diskFailure', device, 'an unprotected disk (no redundancy here)');
    this.host.failTargetDisk();
  }

  /** Operator: a new blank disk. Only the target's IASP copy can be rebuilt (from production). */
  replace(device: GeoDevice): void {
    if (device !== 'target.iasp') return this.skip('replaceDisk', device, 'the disk holds the only copy of its data');
    this.host.replaceTargetDisk();
  }

  transientErrors(device: GeoDevice, probabilityPpm: number, forUs: number): void {
    assert(probabilityPpm >= 0 && probabilityPpm <= 1_000_000, `transient error probability ${probabilityPpm} ppm`);
    assert(forUs > 0, `transient errors for ${forUs} us`);
    const disk = this.present('transientErrors', device);
    if (disk === undefined) return;
    disk.transientErrorProbability = probabilityPpm / 1_000_000;
    this.touched.add(disk);
    this.kernel.schedule(forUs, this.transientEndKind, () => {
      disk.transientErrorProbability = 0;
    });
  }

  /** Latent sector errors: reads of some written pages fail until the page is rewritten. */
  latentErrors(device: GeoDevice, pageCount: number): void {
    assert(Number.isSafeInteger(pageCount) && pageCount >= 1, `latent errors on ${pageCount} pages`);
    const disk = this.present('latentError', device);
    if (disk === undefined) return;
    const written = disk.writtenPages();
    const stream = this.kernel.random.stream('faults.geoLatentPages');
    for (let count = 0; count < pageCount && written.length > 0; count += 1) {
      disk.latentErrors.add(written[stream.integer(written.length)][0]);
    }
    this.touched.add(disk);
  }

  slow(device: GeoDevice, factor: number, forUs: number): void {
    assert(Number.isSafeInteger(factor) && factor >= 1, `slow factor ${factor}`);
    assert(forUs > 0, `slow disk for ${forUs} us`);
    const disk = this.present('slowDisk', device);
    if (disk === undefined) return;
    disk.slowFactor = factor;
    this.touched.add(disk);
    this.kernel.schedule(forUs, this.slowEndKind, () => {
      disk.slowFactor = 1;
    });
  }

  /**
   * The liveness phase: every timed fault ends, and latent errors are scrubbed (on unprotected disks a
   * latent error is lost data, which no convergence bound could make good). The world's heal replaces
   * a failed target copy.
   */
  heal(): void {
    for (const disk of this.touched) {
      disk.transientErrorProbability = 0;
      disk.slowFactor = 1;
      disk.latentErrors.clear();
    }
    this.touched.clear();
  }

  private present(kind: string, device: GeoDevice): SimulatedDisk | undefined {
    this.kernel.probes.hit(deviceProbe(kind, device));
    const disk = this.diskOf(device);
    if (disk === undefined) {
      this.skippedCount += 1;
      this.kernel.probes.hit('fault.skippedNoDevice');
      this.kernel.record('faultSkipped', { action: kind, device, reason: 'no storage copy is attached' });
      return undefined;
    }
    this.kernel.record('diskFault', { kind, device, disk: disk.name });
    return disk;
  }

  private skip(action: string, device: GeoDevice, reason: string): void {
    this.skippedCount += 1;
    this.kernel.probes.hit('fault.skippedBeyondRedundancy');
    this.kernel.record('faultSkipped', { action, device, reason });
  }
}
