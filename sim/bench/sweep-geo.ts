// The seed-000 acceptance sweep: each two-system scenario over many seeds under one address-range policy,
// with random crashes of either system, partitions, resets and latency spikes raised; counts resolutions by
// class and lists the seeds with a violation by invariant.
// Usage: tsx sim/bench/sweep-geo.ts [--seeds N] [--addressing system-unique] [--plain] [--scenario NAME ...] [--json FILE]

import { writeFileSync } from 'node:fs';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { optionValues } from './script-options.js';
import { withHeavyGeoFaults } from '../testing/fault-heavy.js';

const seeds = Number(optionValues('--seeds')[0] ?? '100');
const addressing = optionValues('--addressing')[0] ?? 'system-unique';
const plain = process.argv.includes('--plain');
const names = optionValues('--scenario').length > 0 ? optionValues('--scenario')
  : ['default', 'detach-reattach', 'detach-reattach-untracked', 'storage-copy-twice', 'partition-suspend-resume', 'switchover', 'failover', 'detach-disk-failure-crash'];
const jsonPath = optionValues('--json')[0];

const summary: Record<string, unknown>[] = [];
for (const name of names) {
  const scenario = plain ? loadScenario(name) : withHeavyGeoFaults(loadScenario(name));
  const failing: Record<string, number[]> = {};
  const resolutions: Record<string, number> = {};
  let seedsWithForeign = 0;
  let crashes = 0;
  let events = 0;
  for (let seed = 1; seed <= seeds; seed += 1) {
    const result = runScenario(scenario, { seed: String(seed), variant: { addressing } });
    events += result.counts.events;
    crashes += result.faultSchedule.filter((entry) => entry.action === 'crash').length;
    for (const [kind, count] of Object.entries(result.geo?.resolutions ?? {})) resolutions[kind] = (resolutions[kind] ?? 0) + count;
    if ((result.geo?.resolutions.foreign ?? 0) > 0) seedsWithForeign += 1;
    for (const invariant of new Set(result.violations.map((violation) => violation.invariant))) (failing[invariant] ??= []).push(seed);
    if (seed % 25 === 0) process.stderr.write(`${name}: ${seed}/${seeds} seeds\n`);
  }
  const row = { scenario: name, addressing, faults: plain ? 'as shipped' : 'heavy', seeds, seedsWithForeign, crashes, events, resolutions, failingSeedsByInvariant: Object.fromEntries(Object.entries(failing).map(([invariant, list]) => [invariant, { count: list.length, first: list.slice(0, 10) }])) };
  summary.push(row);
  console.log(JSON.stringify(row));
}
if (jsonPath !== undefined) writeFileSync(jsonPath, `${JSON.stringify(summary, null, 2)}\n`);
