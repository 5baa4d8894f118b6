// Golden fingerprints: every shipped scenario, at its own seed, gives exactly the fingerprints recorded in
// golden-fingerprints.json. A behaviour change shows up here first; when it is intended, regenerate with
// `UPDATE_GOLDEN=1 npx vitest run sim/testing/golden.test.ts` and say in the commit why they changed.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../runner/run-scenario.js';
import { listScenarios, loadScenario } from '../scenario/load-scenario.js';

const GOLDEN_FILE = fileURLToPath(new URL('./golden-fingerprints.json', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';
const golden: Record<string, { schedule: string; outcome: string }> = update ? {} : JSON.parse(readFileSync(GOLDEN_FILE, 'utf8'));

describe('golden fingerprints of the shipped scenarios', () => {
  const names = listScenarios().map((entry) => entry.name).sort();
  for (const name of names) {
    it(`${name} at its own seed`, () => {
      const scenario = loadScenario(name);
      const result = runScenario(scenario);
      const actual = { schedule: result.fingerprints.schedule, outcome: result.fingerprints.outcome };
      if (update) golden[name] = actual;
      else expect(actual, `${name}: regenerate with UPDATE_GOLDEN=1 if the change is intended`).toEqual(golden[name]);
    });
  }
  if (update) {
    it('writes the golden file', () => {
      const sorted: typeof golden = {};
      for (const name of Object.keys(golden).sort()) sorted[name] = golden[name];
      writeFileSync(GOLDEN_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
    });
  }
});
