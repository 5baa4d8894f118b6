// The scenario schema beside the parser on every mutant of every shipped scenario (the test samples four
// scenarios): prints the counts and any mutant the parser accepts that the schema refuses; exit 1 if any.
// Usage: npx tsx sim/bench/schema-agreement.ts

import { listScenarios } from '../scenario/load-scenario.js';
import { agreementOnMutants, schemaValidator } from '../testing/schema-agreement.js';

const agreement = agreementOnMutants(listScenarios(), schemaValidator());
const share = ((100 * agreement.bothRefuse) / agreement.parserRefuses).toFixed(1);
process.stdout.write(`${agreement.mutants} mutants: the parser accepts ${agreement.parserAccepts}, refuses `
  + `${agreement.parserRefuses}, of which the schema refuses ${agreement.bothRefuse} (${share}%)\n`);
for (const label of agreement.stricter) process.stdout.write(`schema stricter than the parser: ${label}\n`);
process.exitCode = agreement.stricter.length === 0 ? 0 : 1;
