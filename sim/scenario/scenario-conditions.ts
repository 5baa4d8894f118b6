// The scenario checks across sections that JSON Schema can state, as schema conditions: one world section,
// link and mirroring only with systems, the workload's shape by world, and each action only in its worlds.

import type { ActionCatalog, WorldKind } from '../faults/action-kind.js';
import type { JsonSchema } from './json-schema.js';

const SECTION: Record<WorldKind, string> = { volume: 'volume', geo: 'systems' };

/**
 * Where the condition `when` holds, only the `allowed` actions (and random kinds) in `faults`. A list of the
 * allowed rather than `not` the refused: editors show `errorMessage` for an enum, never for a `not`.
 */
function allowActions(
  when: JsonSchema,
  allowed: readonly string[],
  random: readonly string[],
  why: string,
): JsonSchema {
  // No random kind at all: every key is one not allowed (an enum may not be empty).
  const randomKeys = random.length > 0
    ? { propertyNames: { enum: [...random], errorMessage: why } }
    : { additionalProperties: false };
  return {
    if: when,
    then: {
      properties: {
        faults: {
          properties: {
            schedule: { items: { properties: { action: { enum: [...allowed], errorMessage: why } } } },
            random: randomKeys,
          },
        },
      },
    },
  };
}

/** The conditions; `workload` gives the two workload schemas (rates for a volume, one set per system). */
export function scenarioConditions(
  catalog: ActionCatalog,
  workload: { readonly volume: JsonSchema; readonly perSystem: JsonSchema },
): JsonSchema[] {
  const names = Object.keys(catalog).filter((name) => name !== 'heal').sort();
  const randomKinds = names.filter((name) => catalog[name].draw !== undefined);
  /** The actions of a scenario with these worlds (an action without `worlds` fits any, even none). */
  const fitting = (worlds: readonly WorldKind[]) => (name: string): boolean =>
    catalog[name].worlds === undefined || catalog[name].worlds!.some((world) => worlds.includes(world));
  const allowedIn = (worlds: readonly WorldKind[], why: string, when: JsonSchema): JsonSchema =>
    allowActions(when, names.filter(fitting(worlds)), randomKinds.filter(fitting(worlds)), why);
  const absent = (world: WorldKind): JsonSchema => ({ not: { required: [SECTION[world]] } });
  const present = (world: WorldKind): JsonSchema => ({ required: [SECTION[world]] });
  const bothSections = 'either a `volume` section (a duplexed volume) or a `systems` section (two systems), not both';
  return [
    // With a volume, `systems` may only be absent (or empty, which the parser takes as absent).
    { if: present('volume'), then: { properties: { systems: { type: 'null', errorMessage: bothSections } } } },
    { dependencies: { link: ['systems'], mirroring: ['systems'] } },
    {
      if: present('geo'),
      then: { properties: { workload: workload.perSystem } },
      else: { properties: { workload: workload.volume } },
    },
    allowedIn(['volume'], 'an action of a duplexed volume (this scenario has a `volume` section, no `systems`)',
      { allOf: [present('volume'), absent('geo')] }),
    allowedIn(['geo'], 'an action of two systems (this scenario has a `systems` section, no `volume`)',
      { allOf: [absent('volume'), present('geo')] }),
    allowedIn([], 'an action of any world (note): this scenario has neither a `volume` nor a `systems` section',
      { allOf: [absent('volume'), absent('geo')] }),
  ];
}
