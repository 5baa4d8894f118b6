// The scenario schema beside the parser on mutants of shipped scenarios (ajv, a dev dependency: tests and
// benchmarks only): the schema must accept whatever the parser accepts, and refuses most of what it refuses.

import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { productCatalog } from '../faults/catalog.js';
import type { LibraryEntry } from '../scenario/load-scenario.js';
import { mutantsOf } from '../scenario/scenario-mutants.js';
import { EDITOR_KEYWORDS, SCHEMA_PATH } from '../scenario/scenario-schema.js';
import { scenarioParser } from '../scenario/scenario.js';
import { INVALID, ParseContext } from '../scenario/schema.js';

/** The committed schema compiled by ajv in strict mode (a `required` inside a condition names no property). */
export function schemaValidator(path = SCHEMA_PATH): ValidateFunction {
  const ajv = new Ajv({ strict: true, strictRequired: false, strictTypes: false, allErrors: true });
  ajv.addVocabulary([...EDITOR_KEYWORDS]);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
}

export interface Agreement {
  readonly mutants: number;
  readonly parserAccepts: number;
  readonly parserRefuses: number;
  /** Of those the parser refuses, how many the schema refuses too. */
  readonly bothRefuse: number;
  /** Mutants the parser accepts and the schema refuses: each one a schema stricter than the parser. */
  readonly stricter: readonly string[];
}

/** Every mutant of each scenario (a field written empty aside: the parser takes it as absent, the schema refuses). */
export function agreementOnMutants(entries: readonly LibraryEntry[], validate: ValidateFunction): Agreement {
  const parseDefinition = scenarioParser(productCatalog);
  const counts = { mutants: 0, parserAccepts: 0, parserRefuses: 0, bothRefuse: 0 };
  const stricter: string[] = [];
  for (const entry of entries) {
    for (const mutant of mutantsOf(parse(readFileSync(entry.path, 'utf8')), Object.keys(productCatalog).sort())) {
      if (mutant.label.endsWith('=null')) continue;
      const definition = JSON.parse(mutant.text) as unknown;
      const context = new ParseContext();
      const parsed = parseDefinition(definition, [], context) !== INVALID && context.issues.length === 0;
      const schemaAccepts = validate(definition);
      counts.mutants += 1;
      if (parsed) {
        counts.parserAccepts += 1;
        if (!schemaAccepts) stricter.push(`${entry.name}: ${mutant.label}`);
      } else {
        counts.parserRefuses += 1;
        if (!schemaAccepts) counts.bothRefuse += 1;
      }
    }
  }
  return { ...counts, stricter };
}
