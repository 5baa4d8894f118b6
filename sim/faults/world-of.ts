// The world an action needs, or a validation error naming it: scenarios are checked against their world
// when they load, so reaching the error here means a scenario built in code skipped that check.

import { InputError } from '../errors.js';
import type { World } from '../world/world.js';
import type { GeoWorld } from '../world/geo-world.js';
import type { DuplexWorld } from '../world/duplex-world.js';
import type { ActionParams, WorldKind, WorldMisfit } from './action-kind.js';

export const WORLD_SECTION: Record<WorldKind, string> = { volume: 'a `volume` section', geo: 'a `systems` section' };

function misfit(world: World, action: string, kind: WorldKind): InputError {
  return new InputError([{
    source: world.scenario.source,
    path: 'faults',
    value: JSON.stringify(action),
    expected: `an action of this scenario's world (${action} needs ${WORLD_SECTION[kind]})`,
  }]);
}

export function geoOf(world: World, action: string): GeoWorld {
  if (world.geo === undefined) throw misfit(world, action, 'geo');
  return world.geo;
}

export function storageOf(world: World, action: string): DuplexWorld {
  if (world.storage === undefined) throw misfit(world, action, 'volume');
  return world.storage;
}

/**
 * A parameter that only one world has: present where that world is absent, or absent where it is the
 * only world (when both worlds are present, either form is accepted, one is required).
 */
export function fieldOfWorld(
  params: ActionParams,
  worlds: readonly WorldKind[],
  fields: Readonly<Record<WorldKind, string>>,
): WorldMisfit | undefined {
  for (const kind of ['volume', 'geo'] as const) {
    const field = fields[kind];
    const other = kind === 'volume' ? 'geo' : 'volume';
    if (params[field] !== undefined && !worlds.includes(kind)) {
      const instead = worlds.includes(other) ? `; use "${fields[other]}"` : '';
      return { field, expected: `no "${field}" in a scenario without ${WORLD_SECTION[kind]}${instead}` };
    }
  }
  if (worlds.length === 1 && params[fields[worlds[0]]] === undefined) {
    const kind = worlds[0];
    return { field: fields[kind], expected: `a "${fields[kind]}" (required with ${WORLD_SECTION[kind]})` };
  }
  if (worlds.length === 2 && params[fields.volume] === undefined && params[fields.geo] === undefined) {
    return { field: fields.geo, expected: `a "${fields.geo}" (or a "${fields.volume}" for the volume)` };
  }
  return undefined;
}
