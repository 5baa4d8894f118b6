// The scenario JSON Schema (draft-07), generated from the parsers that validate scenarios, so the two agree:
// `mirrorsim schema` prints it; scenarios/mirrorsim.schema.json is it, committed (a test keeps it current).

import { join } from 'node:path';
import type { ActionCatalog } from '../faults/action-kind.js';
import { productCatalog } from '../faults/catalog.js';
import type { JsonSchema } from './json-schema.js';
import { SCENARIO_DIRECTORY } from './load-scenario.js';
import { actionDefinition, scenarioParser, scheduledEntryVariants } from './scenario.js';

export const SCHEMA_FILE_NAME = 'mirrorsim.schema.json';
/** The committed (and shipped) schema, beside the built-in scenarios. */
export const SCHEMA_PATH = join(SCENARIO_DIRECTORY, SCHEMA_FILE_NAME);
/** The first line of every shipped scenario: the YAML language server's pointer to the schema beside it. */
export const SCHEMA_MODELINE = `# yaml-language-server: $schema=./${SCHEMA_FILE_NAME}`;

/** Keywords beyond draft-07 that editors read (the YAML and JSON language servers); validators ignore them. */
export const EDITOR_KEYWORDS = ['errorMessage', 'patternErrorMessage'] as const;

export function scenarioJsonSchema(catalog: ActionCatalog = productCatalog): JsonSchema {
  const top = scenarioParser(catalog).schema;
  const variants = scheduledEntryVariants(catalog);
  const definitions = Object.fromEntries(Object.keys(variants).sort().map((name): [string, JsonSchema] =>
    [actionDefinition(name), { title: `${name} action`, ...variants[name].schema }]));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: 'Generated from the scenario parsers by `mirrorsim schema`; do not edit by hand.',
    title: 'mirrorsim scenario',
    ...top,
    definitions,
  };
}

/** The schema as the committed file holds it: two-space JSON and a final newline. */
export function scenarioJsonSchemaText(catalog: ActionCatalog = productCatalog): string {
  return `${JSON.stringify(scenarioJsonSchema(catalog), null, 2)}\n`;
}
