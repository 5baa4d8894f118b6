// The verdict a sweep expects of each variant on every seed: what the scenario's `compare` list says for that
// variant, else `fail` for a variant with a value flawed on purpose (sim/variants.ts) and `pass` otherwise.

import { variantFor } from '../runner/run-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { flawedKeys } from '../variants.js';

export function expectedVerdicts(
  scenario: Scenario, variants: readonly Readonly<Record<string, string>>[],
): ('pass' | 'fail')[] {
  const compared = (scenario.compare ?? [])
    .map((entry) => ({ key: JSON.stringify(variantFor(scenario, entry.variant)), expect: entry.expect }));
  return variants.map((values) => {
    const resolved = variantFor(scenario, values);
    const listed = compared.find((entry) => entry.key === JSON.stringify(resolved));
    return listed?.expect ?? (flawedKeys(resolved).length > 0 ? 'fail' : 'pass');
  });
}
