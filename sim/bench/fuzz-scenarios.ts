// The validator's fuzz, in full (by hand: npx tsx sim/bench/fuzz-scenarios.ts [--scenario NAME ...]
// [--max-events N]): every mutant of every shipped scenario (scenario-mutants.ts) is refused or runs cleanly;
// prints the counts per scenario and each hole; exit 1 if there is one.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { productCatalog } from '../faults/catalog.js';
import { listScenarios } from '../scenario/load-scenario.js';
import { mutantsOf, tryMutant } from '../scenario/scenario-mutants.js';
import { optionValues } from './script-options.js';

const chosen = optionValues('--scenario');
const maxEvents = Number(optionValues('--max-events')[0] ?? 4000);
let holes = 0;
for (const entry of listScenarios()) {
  if (chosen.length > 0 && !chosen.includes(entry.name)) continue;
  const counts = { refused: 0, ran: 0, hole: 0 };
  for (const mutant of mutantsOf(parse(readFileSync(entry.path, 'utf8')), Object.keys(productCatalog).sort())) {
    const outcome = tryMutant(mutant, `${entry.name}.yaml`, maxEvents);
    counts[outcome.kind] += 1;
    if (outcome.kind === 'hole') process.stdout.write(`HOLE ${entry.name} ${mutant.label}: ${outcome.message}\n`);
  }
  holes += counts.hole;
  process.stdout.write(
    `${entry.name.padEnd(28)} ${counts.refused} refused, ${counts.ran} ran, ${counts.hole} holes\n`,
  );
}
process.exitCode = holes > 0 ? 1 : 0;
