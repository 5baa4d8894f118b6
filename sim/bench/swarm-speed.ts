// Runs the swarm scenarios in-process over a few seeds and prints events/s and seconds a seed, for
// profiling (`node --cpu-prof --import tsx sim/bench/swarm-speed.ts`) and before/after comparisons.
// Usage: tsx sim/bench/swarm-speed.ts [--seeds N] [--scenario NAME ...]

import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { wallClockMs } from '../runner/wall-clock.js';
import { optionValues } from './script-options.js';

const seedCount = Number(optionValues('--seeds')[0] ?? '20');
const given = optionValues('--scenario');
const names = given.length > 0 ? given : ['swarm', 'swarm-volume', 'swarm-busy'];

for (const name of names) {
  const scenario = loadScenario(name);
  let events = 0;
  const startedMs = wallClockMs();
  for (let seed = 1; seed <= seedCount; seed += 1) events += runScenario(scenario, { seed: String(seed) }).counts.events;
  const seconds = (wallClockMs() - startedMs) / 1000;
  const perSecond = (events / seconds / 1e6).toFixed(3);
  console.log(`${name}: ${seedCount} seeds, ${events} events, ${seconds.toFixed(2)} s, ${perSecond} M events/s, ${(seconds / seedCount).toFixed(3)} s/seed`);
}
