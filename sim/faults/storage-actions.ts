// Actions on the duplexed-volume world: disk faults, operator steps and system crashes.

import type { CopyIndex } from '../../src/duplex/volume-observer.js';
import { durationUs, integer, oneOf, optional, percentPpm, required, withDefault } from '../scenario/schema.js';
import type { World } from '../world/world.js';
import type { ActionKind, ActionParams } from './action-kind.js';

const copyField = { copy: required(integer(0, 1)) };
const storageOf = (world: World) => {
  if (world.storage === undefined) throw new Error('this action needs a scenario with a volume section');
  return world.storage;
};
const drawCopy = (stream: { integer(count: number): number }): ActionParams => ({ copy: stream.integer(2) });

export const storageActions: Record<string, ActionKind<World>> = {
  diskFailure: {
    name: 'diskFailure',
    summary: 'A disk of copy 0 or 1 fails for good (skipped when the other copy does not hold current data).',
    fields: copyField,
    draw: drawCopy,
    apply: (world, params) => storageOf(world).failDisk(params.copy as CopyIndex),
  },
  replaceDisk: {
    name: 'replaceDisk',
    summary: 'Operator: replace the disk of a copy with a new, blank one (marked down level).',
    fields: copyField,
    apply: (world, params) => storageOf(world).replaceDisk(params.copy as CopyIndex),
  },
  recover: {
    name: 'recover',
    summary: "Operator: start online recovery (refused unless the seed's preconditions hold).",
    fields: {},
    apply: (world) => storageOf(world).recover(false),
  },
  forceRecovery: {
    name: 'forceRecovery',
    summary: "Operator path: start or resume recovery without the seed's preconditions.",
    fields: {},
    apply: (world) => storageOf(world).recover(true),
  },
  crash: {
    name: 'crash',
    summary: 'Power loss of a system (system: production or target, with two systems): volatile state lost, in-flight writes land or not; IPL after the ipl time.',
    fields: { system: optional(oneOf(['production', 'target'])) },
    draw: (stream, topology) => ((topology as { geo?: unknown }).geo !== undefined ? { system: stream.pick(['production', 'target']) } : {}),
    apply: (world, params) => (world.geo !== undefined ? world.geo.crash((params.system as 'production' | 'target' | undefined) ?? 'production') : storageOf(world).crash()),
  },
  transientErrors: {
    name: 'transientErrors',
    summary: 'A disk returns I/O errors on a share of requests for a while.',
    fields: { ...copyField, probability: withDefault(percentPpm(), 20_000), for: withDefault(durationUs(1), 2_000_000) },
    draw: (stream) => ({ ...drawCopy(stream), probability: 20_000, for: 2_000_000 }),
    apply: (world, params) => {
      const storage = storageOf(world);
      const disk = storage.disks[params.copy as CopyIndex];
      disk.transientErrorProbability = (params.probability as number) / 1_000_000;
      world.kernel.schedule(params.for as number, world.kernel.kind('fault.transientEnd'), () => {
        disk.transientErrorProbability = 0;
      });
    },
  },
  latentError: {
    name: 'latentError',
    summary: 'Latent sector errors: reads of some written pages of a disk fail until rewritten.',
    fields: { ...copyField, pages: withDefault(integer(1, 1000), 1) },
    draw: (stream) => drawCopy(stream),
    apply: (world, params) => {
      const disk = storageOf(world).disks[params.copy as CopyIndex];
      const written = disk.writtenPages().filter(([page]) => page !== 0);
      const stream = world.kernel.random.stream('faults.latentPages');
      for (let count = 0; count < (params.pages as number) && written.length > 0; count += 1) disk.latentErrors.add(written[stream.integer(written.length)][0]);
    },
  },
  slowDisk: {
    name: 'slowDisk',
    summary: 'A disk serves requests slower by a factor for a while.',
    fields: { ...copyField, factor: withDefault(integer(2, 1000), 10), for: withDefault(durationUs(1), 5_000_000) },
    draw: (stream) => ({ ...drawCopy(stream), factor: 10, for: 5_000_000 }),
    apply: (world, params) => {
      const disk = storageOf(world).disks[params.copy as CopyIndex];
      disk.slowFactor = params.factor as number;
      world.kernel.schedule(params.for as number, world.kernel.kind('fault.slowEnd'), () => {
        disk.slowFactor = 1;
      });
    },
  },
};
