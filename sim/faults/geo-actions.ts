// Actions on the two-system world (seed 000): mirroring operator steps, storage copies, role switches,
// and network faults. System crashes share the `crash` action with the duplexed-volume world.

import { boolean, durationUs, integer, oneOf, withDefault } from '../scenario/schema.js';
import type { World } from '../world/world.js';
import type { ActionKind, ActionParams } from './action-kind.js';
import { geoOf as geoWorldOf } from './world-of.js';

const geoOf = (world: World) => geoWorldOf(world, 'this action');

const actions: Record<string, Omit<ActionKind<World>, 'worlds'>> = {
  detach: {
    name: 'detach',
    summary: 'Operator: detach the mirror copy so the target can use it (track: record changes for a partial reattach).',
    fields: { track: withDefault(boolean(), true, 'record changes while detached, for a partial reattach') },
    apply: (world, params) => geoOf(world).detach(params.track as boolean),
  },
  reattach: {
    name: 'reattach',
    summary: 'Operator: reattach the detached copy; production synchronises it online (partial with tracking, else full).',
    fields: {},
    apply: (world) => geoOf(world).reattach(),
  },
  resume: {
    name: 'resume',
    summary: 'Operator: resume a suspended mirror (automatic when mirroring.autoResume is on).',
    fields: {},
    apply: (world) => geoOf(world).resume(),
  },
  varyOn: {
    name: 'varyOn',
    summary: 'Operator: vary on the IASP: at the target, the detached mirror copy or the storage copy; at production, its copy again.',
    fields: {
      system: withDefault(oneOf(['production', 'target']), 'target', 'where to vary on'),
      copy: withDefault(oneOf(['mirror', 'storage']), 'mirror', 'at the target: the detached mirror copy or the storage copy'),
    },
    apply: (world, params) => (params.system === 'production' ? geoOf(world).varyOnProductionAgain() : geoOf(world).varyOnTarget(params.copy as 'mirror' | 'storage')),
  },
  varyOff: {
    name: 'varyOff',
    summary: 'Operator: vary off the IASP copy in use at the target (or at production: its applications stop meanwhile).',
    fields: { system: withDefault(oneOf(['production', 'target']), 'target', 'where to vary off') },
    apply: (world, params) => (params.system === 'production' ? geoOf(world).varyOffProduction() : geoOf(world).varyOffTarget()),
  },
  storageCopy: {
    name: 'storageCopy',
    summary: 'A storage subsystem makes a point-in-time copy of the production IASP for the target (replacing the old one).',
    fields: {},
    apply: (world) => geoOf(world).makeStorageCopy(),
  },
  targetDiskFailure: {
    name: 'targetDiskFailure',
    summary: "The disk under the target system's IASP copy fails for good (the same as diskFailure with device: target.iasp).",
    fields: {},
    apply: (world) => geoOf(world).faults.fail('target.iasp'),
  },
  replaceTargetDisk: {
    name: 'replaceTargetDisk',
    summary: "Operator: a new blank disk under the target's IASP copy (the same as replaceDisk with device: target.iasp).",
    fields: {},
    apply: (world) => geoOf(world).faults.replace('target.iasp'),
  },
  switchover: {
    name: 'switchover',
    summary: 'Planned role swap: production varies off and the in-step mirror copy becomes production.',
    fields: {},
    apply: (world) => geoOf(world).switchover(),
  },
  failover: {
    name: 'failover',
    summary: 'Production is lost: the mirror copy is promoted if the promotion rules allow (force: promote anyway).',
    fields: { force: withDefault(boolean(), false, 'promote even where the promotion rules refuse') },
    apply: (world, params) => geoOf(world).failover(params.force as boolean),
  },
  linkPartition: {
    name: 'linkPartition',
    summary: 'The link is cut for a while, in both directions or one (the connection drops either way).',
    fields: {
      direction: withDefault(oneOf(['both', 'toTarget', 'toProduction']), 'both', 'which direction of the link is cut'),
      for: withDefault(durationUs(1), '10s', 'how long the link stays cut'),
    },
    draw: (stream) => ({ direction: stream.pick(['both', 'toTarget', 'toProduction']), for: stream.between(1, 20) * 1_000_000 }),
    apply: (world, params) => geoOf(world).partition(params.direction as 'both' | 'toTarget' | 'toProduction', params.for as number),
  },
  linkReset: {
    name: 'linkReset',
    summary: 'The connection resets: messages in flight are lost; it comes back at once.',
    fields: {},
    draw: () => ({}),
    apply: (world) => geoOf(world).link.reset(),
  },
  latencySpike: {
    name: 'latencySpike',
    summary: 'Link latency is multiplied by a factor for a while.',
    fields: {
      factor: withDefault(integer(2, 10_000), 20, 'how many times the latency is multiplied'),
      for: withDefault(durationUs(1), '5s', 'how long the spike lasts'),
    },
    draw: (stream) => ({ factor: stream.between(5, 50), for: stream.between(1, 10) * 1_000_000 }),
    apply: (world, params) => geoOf(world).link.latencySpike(params.factor as number, params.for as number),
  },
};

/** Every action here acts on the two-system world only; applied elsewhere it is an input error naming it. */
export const geoActions: Record<string, ActionKind<World>> = Object.fromEntries(
  Object.entries(actions).map(([name, kind]) => [name, {
    ...kind,
    worlds: ['geo'] as const,
    apply: (world: World, params: ActionParams) => {
      geoWorldOf(world, name); // names the action when a scenario built in code skipped validation
      kind.apply(world, params);
    },
  }]),
);
