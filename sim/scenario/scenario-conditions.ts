// The scenario checks across sections that JSON Schema can state, as schema conditions: one world section,
// link and mirroring only with systems, the workload's shape by world, and each action only in its worlds.

import type { ActionCatalog, WorldKind } from '../faults/action-kind.js';
import type { JsonSchema } from './json-schema.js';

const SECTION: Record<WorldKind, string> = { volume: 'volume', geo: 'systems' };

/** Actions (and random kinds) not allowed in `faults` when the condition `when` holds. */
function refuseActions(when: JsonSchema, names: readonly string[], why: string): JsonSchema[] {
  if (names.length === 0) return [];
  const refused = { not: { enum: [...names] }, errorMessage: why };
  return [{
    if: when,
    then: {
      properties: {
        faults: {
          properties: {
            schedule: { items: { properties: { action: refused } } },
            random: { propertyNames: refused },
          },
        },
      },
    },
  }];
}

/** The conditions; `workload` gives the two workload schemas (rates for a volume, one set per system). */
export function scenarioConditions(
  catalog: ActionCatalog,
  workload: { readonly volume: JsonSchema; readonly perSystem: JsonSchema },
): JsonSchema[] {
  const kinds = Object.values(catalog).filter((kind) => kind.worlds !== undefined);
  const without = (world: WorldKind): string[] =>
    kinds.filter((kind) => !kind.worlds!.includes(world)).map((kind) => kind.name).sort();
  const absent = (world: WorldKind): JsonSchema => ({ not: { required: [SECTION[world]] } });
  return [
    {
      not: { required: ['volume', 'systems'] },
      errorMessage: 'either a `volume` section (a duplexed volume) or a `systems` section (two systems), not both',
    },
    { dependencies: { link: ['systems'], mirroring: ['systems'] } },
    {
      if: { required: ['systems'] },
      then: { properties: { workload: workload.perSystem } },
      else: { properties: { workload: workload.volume } },
    },
    // With a volume only, an action of two systems only is refused; with systems only, one of a volume only.
    ...refuseActions(absent('geo'), without('volume'), 'an action that needs a `systems` section (two systems), which this scenario has not'),
    ...refuseActions(absent('volume'), without('geo'), 'an action that needs a `volume` section (a duplexed volume), which this scenario has not'),
    ...refuseActions(
      { allOf: [absent('volume'), absent('geo')] },
      kinds.map((kind) => kind.name).sort(),
      'an action of any world (note): this scenario has neither a `volume` nor a `systems` section',
    ),
  ];
}
