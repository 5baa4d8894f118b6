// `mirrorsim schema`: prints the scenario JSON Schema (draft-07), the same as scenarios/mirrorsim.schema.json.

import { scenarioJsonSchemaText } from '../../scenario/scenario-schema.js';
import { ExitStatus } from '../exit-status.js';

export function schemaCommand(): number {
  process.stdout.write(scenarioJsonSchemaText());
  return ExitStatus.ok;
}
