// The soak benchmark's scenarios: a library scenario (or file) with its duration replaced, validated like any
// scenario file, so a soak run is exactly that scenario run for longer.

import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { parseScenarioText, resolveScenarioPath } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario.js';

/** `reference` with `duration` set to `duration` (a scenario duration: `30min`, or `1800000000us`). */
export function scenarioWithDuration(reference: string, duration: string): Scenario {
  const path = resolveScenarioPath(reference);
  const document = parseDocument(readFileSync(path, 'utf8'));
  document.set('duration', duration);
  return parseScenarioText(String(document), `${path} (duration ${duration})`);
}
