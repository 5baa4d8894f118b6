// The seed-003 acceptance sweep: each duplexed-volume scenario over many seeds, with random disk failures,
// crashes, transient and latent errors raised to rates that hit most runs, for a given recovery variant.
// Usage: tsx sim/bench/sweep-duplex.ts [--seeds N] [--variant gated] [--scenario NAME ...] [--json FILE]

import { writeFileSync } from 'node:fs';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { optionValues } from './script-options.js';
import { withHeavyFaults } from '../testing/fault-heavy.js';

const seeds = Number(optionValues('--seeds')[0] ?? '1000');
const recovery = optionValues('--variant')[0] ?? 'gated';
const names = optionValues('--scenario').length > 0 ? optionValues('--scenario') : ['disk-loss-recovery', 'crash-mid-recovery', 'errors-during-recovery'];
const jsonPath = optionValues('--json')[0];

const summary: Record<string, unknown>[] = [];
for (const name of names) {
  const scenario = withHeavyFaults(loadScenario(name));
  const failing: Record<string, number[]> = {};
  let randomFaults = 0;
  let crashes = 0;
  let events = 0;
  let recoveriesCompleted = 0;
  for (let seed = 1; seed <= seeds; seed += 1) {
    const result = runScenario(scenario, { seed: String(seed), variant: { recovery } });
    events += result.counts.events;
    randomFaults += result.faultSchedule.filter((entry) => entry.origin === 'random').length;
    crashes += result.faultSchedule.filter((entry) => entry.action === 'crash').length;
    recoveriesCompleted += result.storage?.recoveries.completed ?? 0;
    for (const invariant of new Set(result.violations.map((violation) => violation.invariant))) (failing[invariant] ??= []).push(seed);
    if (seed % 100 === 0) process.stderr.write(`${name}: ${seed}/${seeds} seeds\n`);
  }
  const row = { scenario: name, variant: `recovery=${recovery}`, seeds, randomFaults, crashes, recoveriesCompleted, events, failingSeedsByInvariant: Object.fromEntries(Object.entries(failing).map(([invariant, list]) => [invariant, { count: list.length, first: list.slice(0, 10) }])) };
  summary.push(row);
  console.log(JSON.stringify(row));
}
if (jsonPath !== undefined) writeFileSync(jsonPath, `${JSON.stringify(summary, null, 2)}\n`);
