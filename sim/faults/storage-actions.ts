// Actions on the duplexed-volume world (operator recovery steps) and the system crash both worlds share.
// Disk faults and disk replacement of both worlds are in disk-actions.ts.

import { oneOf, optional, withDefault } from '../scenario/schema.js';
import type { World } from '../world/world.js';
import type { ActionKind } from './action-kind.js';
import { diskActions } from './disk-actions.js';
import { WORLD_SECTION, storageOf } from './world-of.js';

type SystemRole = 'production' | 'target';

export const storageActions: Record<string, ActionKind<World>> = {
  ...diskActions,
  recover: {
    name: 'recover',
    summary: "Operator: start online recovery (refused unless the seed's preconditions hold).",
    fields: {},
    worlds: ['volume'],
    apply: (world) => storageOf(world, 'recover').recover(false, 'recover'),
  },
  forceRecovery: {
    name: 'forceRecovery',
    summary: "Operator path: start or resume recovery without the seed's preconditions "
      + '(when: operatorPath forces only where the persisted flags call for it, else asks plainly).',
    fields: { when: withDefault(oneOf(['always', 'operatorPath']), 'always', 'always force, or only where the persisted flags call for it') },
    worlds: ['volume'],
    apply: (world, params) => {
      const storage = storageOf(world, 'forceRecovery');
      storage.recover(params.when === 'always' || storage.operatorPathCalledFor(), 'forceRecovery');
    },
  },
  crash: {
    name: 'crash',
    summary: 'Power loss of a system (system: production or target, with two systems): volatile state lost, '
      + 'in-flight writes land or not; IPL after the ipl time.',
    fields: { system: optional(oneOf(['production', 'target']), 'which system loses power (two systems; default production)') },
    worlds: ['volume', 'geo'],
    fitsWorld: (params, worlds) => (params.system !== undefined && !worlds.includes('geo')
      ? { field: 'system', expected: `no "system" without ${WORLD_SECTION.geo} (a volume has one system)` }
      : undefined),
    draw: (stream, topology) => ((topology as { geo?: unknown }).geo !== undefined
      ? { system: stream.pick(['production', 'target']) }
      : {}),
    apply: (world, params) => {
      if (world.geo !== undefined) return world.geo.crash((params.system as SystemRole | undefined) ?? 'production');
      storageOf(world, 'crash').crash();
    },
  },
};
