// Disk faults of both worlds, one action per kind: permanent failure, transient I/O errors, latent sector
// errors, slowness, and the operator's disk replacement. A volume names its copy (`copy: 0 | 1`); two
// systems name a device by role (`device: production.iasp | target.iasp | production.sysasp | ...`).

import type { CopyIndex } from '../../src/duplex/volume-observer.js';
import type { RandomStream } from '../kernel/random.js';
import { durationUs, integer, oneOf, optional, percentPpm, withDefault } from '../scenario/schema.js';
import { GEO_DEVICES, type GeoDevice } from '../world/geo-faults.js';
import type { SimulatedDisk } from '../world/simulated-disk.js';
import type { World } from '../world/world.js';
import type { ActionKind, ActionParams, WorldKind } from './action-kind.js';
import { fieldOfWorld, geoOf, storageOf } from './world-of.js';

const WORLDS: readonly WorldKind[] = ['volume', 'geo'];
const deviceFields = {
  copy: optional(integer(0, 1), "which disk of the volume (a volume's scenario; required there)"),
  device: optional(oneOf(GEO_DEVICES), "which device, by role (two systems' scenario; required there)"),
};
const fitsWorld = (params: ActionParams, worlds: readonly WorldKind[]) =>
  fieldOfWorld(params, worlds, { volume: 'copy', geo: 'device' });

/** One occurrence's device: the volume's draw is unchanged (one integer), so volume runs replay as before. */
function drawDevice(stream: RandomStream, topology: unknown): ActionParams {
  if ((topology as { geo?: unknown }).geo !== undefined) return { device: stream.pick(GEO_DEVICES) };
  return { copy: stream.integer(2) };
}

type OnGeo = (device: GeoDevice) => void;
type OnVolume = (disk: SimulatedDisk, copy: CopyIndex) => void;

/** Where a parameterised disk fault lands: the geo device named, else the volume's copy. */
function onDisk(world: World, action: string, params: ActionParams, geo: OnGeo, volume: OnVolume): void {
  if (params.device !== undefined) return geo(params.device as GeoDevice);
  const copy = params.copy as CopyIndex;
  volume(storageOf(world, action).disks[copy], copy);
}

/** A timed fault on a volume disk: set now, reset after `forUs`. */
function forAWhile(world: World, kindName: string, forUs: number, set: () => void, reset: () => void): void {
  set();
  world.kernel.schedule(forUs, world.kernel.kind(kindName), reset);
}

export const diskActions: Record<string, ActionKind<World>> = {
  diskFailure: {
    name: 'diskFailure',
    summary: 'A disk fails for good (skipped and counted when that is beyond the modelled redundancy).',
    fields: deviceFields,
    worlds: WORLDS,
    fitsWorld,
    draw: drawDevice,
    apply: (world, params) => onDisk(world, 'diskFailure', params,
      (device) => geoOf(world, 'diskFailure').faults.fail(device),
      (_disk, copy) => storageOf(world, 'diskFailure').failDisk(copy)),
  },
  replaceDisk: {
    name: 'replaceDisk',
    summary: 'Operator: a new, blank disk (a volume copy goes down level; a target IASP copy syncs in full).',
    fields: deviceFields,
    worlds: WORLDS,
    fitsWorld,
    apply: (world, params) => onDisk(world, 'replaceDisk', params,
      (device) => geoOf(world, 'replaceDisk').faults.replace(device),
      (_disk, copy) => storageOf(world, 'replaceDisk').replaceDisk(copy)),
  },
  transientErrors: {
    name: 'transientErrors',
    summary: 'A disk returns I/O errors on a share of requests for a while.',
    fields: {
      ...deviceFields,
      probability: withDefault(percentPpm(), '2%', 'the share of requests that fail'),
      for: withDefault(durationUs(1), '2s', 'how long the errors last'),
    },
    worlds: WORLDS,
    fitsWorld,
    draw: (stream, topology) => ({ ...drawDevice(stream, topology), probability: 20_000, for: 2_000_000 }),
    apply: (world, params) => {
      const probabilityPpm = params.probability as number;
      const forUs = params.for as number;
      onDisk(world, 'transientErrors', params,
        (device) => geoOf(world, 'transientErrors').faults.transientErrors(device, probabilityPpm, forUs),
        (disk) => forAWhile(world, 'fault.transientEnd', forUs, () => {
          disk.transientErrorProbability = probabilityPpm / 1_000_000;
        }, () => {
          disk.transientErrorProbability = 0;
        }));
    },
  },
  latentError: {
    name: 'latentError',
    summary: 'Latent sector errors: reads of some written pages of a disk fail until rewritten.',
    fields: { ...deviceFields, pages: withDefault(integer(1, 1000), 1, 'how many written pages turn unreadable') },
    worlds: WORLDS,
    fitsWorld,
    draw: drawDevice,
    apply: (world, params) => {
      // A drawn occurrence carries no `pages`: one page, as the field's default (it used to inject none).
      const pageCount = (params.pages as number | undefined) ?? 1;
      const onGeo = (device: GeoDevice) => geoOf(world, 'latentError').faults.latentErrors(device, pageCount);
      onDisk(world, 'latentError', params, onGeo, (disk) => {
        const written = disk.writtenPages().filter(([page]) => page !== 0);
        const stream = world.kernel.random.stream('faults.latentPages');
        for (let count = 0; count < pageCount && written.length > 0; count += 1) {
          disk.latentErrors.add(written[stream.integer(written.length)][0]);
        }
      });
    },
  },
  slowDisk: {
    name: 'slowDisk',
    summary: 'A disk serves requests slower by a factor for a while.',
    fields: {
      ...deviceFields,
      factor: withDefault(integer(2, 1000), 10, 'how many times slower each request is served'),
      for: withDefault(durationUs(1), '5s', 'how long the disk stays slow'),
    },
    worlds: WORLDS,
    fitsWorld,
    draw: (stream, topology) => ({ ...drawDevice(stream, topology), factor: 10, for: 5_000_000 }),
    apply: (world, params) => {
      const factor = params.factor as number;
      const forUs = params.for as number;
      onDisk(world, 'slowDisk', params,
        (device) => geoOf(world, 'slowDisk').faults.slow(device, factor, forUs),
        (disk) => forAWhile(world, 'fault.slowEnd', forUs, () => {
          disk.slowFactor = factor;
        }, () => {
          disk.slowFactor = 1;
        }));
    },
  },
};
