// `npm run bench`: the kernel on the hold model (1,000 processes, exponential and constant delays,
// 1e6 and 1e7 events), beside a heap-of-objects baseline, and whole scenarios (wall time per run and
// events/s), measured with tinybench in one process.
// Usage: npm run bench [-- --json FILE] [-- --quick]

import { writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { type HoldDelay, runHoldModel } from './hold-model.js';
import { runObjectHeapHoldModel } from './object-heap-kernel.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';

/** Scenarios timed whole: the default (two systems, 1 GiB IASP) and the 1 GiB volume must each run in under a second; the 1 TiB one shows scale. */
const SCENARIO_BENCHMARKS = ['default', 'volume-1gib-under-load', 'large-volume-recovery'];

interface Figure {
  readonly name: string;
  readonly events: number;
  readonly meanMs: number;
  readonly medianMs: number;
  readonly eventsPerSecond: number;
  readonly samples: number;
}

const args = process.argv.slice(2);
const jsonIndex = args.indexOf('--json');
const jsonPath = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
if (jsonIndex >= 0 && (jsonPath === undefined || jsonPath.startsWith('--'))) {
  process.stderr.write('mirrorsim bench: --json needs a file path\n');
  process.exit(2);
}
const quick = args.includes('--quick');
const processCount = 1000;
const meanDelayUs = 1000;
const sizes = quick ? [1e6] : [1e6, 1e7];
const delays: HoldDelay[] = ['exponential', 'constant'];

const bench = new Bench({ name: 'kernel hold model', iterations: quick ? 2 : 5, time: 0, warmupIterations: 1 });
const eventsByTask = new Map<string, number>();
let peakPendingMax = 0;
for (const eventCount of sizes) {
  for (const delay of delays) {
    const options = { processCount, eventCount, delay, meanDelayUs, seed: 'bench' };
    const label = `${eventCount.toExponential(0)} events, ${delay}`;
    eventsByTask.set(`kernel (struct-of-arrays heap): ${label}`, eventCount);
    bench.add(`kernel (struct-of-arrays heap): ${label}`, () => {
      const outcome = runHoldModel(options);
      peakPendingMax = Math.max(peakPendingMax, outcome.peakPending);
    });
    if (eventCount === sizes[0]) {
      eventsByTask.set(`baseline (heap of event objects): ${label}`, eventCount);
      bench.add(`baseline (heap of event objects): ${label}`, () => {
        runObjectHeapHoldModel(options);
      });
    }
  }
}

for (const name of SCENARIO_BENCHMARKS) {
  const scenario = loadScenario(name);
  const probe = runScenario(scenario);
  eventsByTask.set(`scenario ${name} (${scenario.durationUs / 1e6} s simulated)`, probe.counts.events);
  bench.add(`scenario ${name} (${scenario.durationUs / 1e6} s simulated)`, () => {
    runScenario(scenario);
  });
}

process.stderr.write(`running ${bench.tasks.length} benchmarks (hold model, ${processCount} processes)...\n`);
bench.runSync();

const figures: Figure[] = [];
for (const task of bench.tasks) {
  const result = task.result;
  if (result.state !== 'completed') {
    process.stderr.write(`${task.name}: ${result.state}\n`);
    continue;
  }
  const events = eventsByTask.get(task.name) ?? 0;
  figures.push({
    name: task.name,
    events,
    meanMs: result.latency.mean,
    medianMs: result.latency.p50,
    eventsPerSecond: Math.round(events / (result.latency.p50 / 1000)),
    samples: result.latency.samplesCount,
  });
}

const rows = figures.map((figure) => ({
  benchmark: figure.name,
  'median ms': figure.medianMs.toFixed(0),
  'events/s (median)': `${(figure.eventsPerSecond / 1e6).toFixed(2)} M`,
  samples: figure.samples,
}));
console.table(rows);
const ratios: Record<string, number> = {};
for (const delay of delays) {
  const label = `${sizes[0].toExponential(0)} events, ${delay}`;
  const ours = figures.find((figure) => figure.name === `kernel (struct-of-arrays heap): ${label}`);
  const baseline = figures.find((figure) => figure.name === `baseline (heap of event objects): ${label}`);
  if (ours && baseline) {
    ratios[delay] = ours.eventsPerSecond / baseline.eventsPerSecond;
    console.log(`kernel / baseline, ${delay}: ${ratios[delay].toFixed(2)}x`);
  }
}
console.log(`peak pending events during the runs: ${peakPendingMax} (bounded by the ${processCount} processes)`);
console.log(`heap after the runs: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

if (jsonPath !== undefined) {
  const report = { suite: 'kernel-hold-model', processCount, meanDelayUs, figures, ratios, peakPendingMax, node: process.version };
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${jsonPath}`);
}
