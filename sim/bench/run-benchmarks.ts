// `npm run bench`: the kernel on the hold model (1,000 processes, exponential and constant delays,
// 1e6 and 1e7 events; and 100,000 processes, many events pending), beside a heap-of-objects baseline,
// and whole scenarios (wall time per run and events/s), measured with tinybench in one process.
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
const meanDelayUs = 1000;
const delays: HoldDelay[] = ['exponential', 'constant'];

interface HoldCase {
  readonly processCount: number;
  readonly eventCount: number;
  /** Also run the baseline on this case, for the ratio. */
  readonly withBaseline: boolean;
}

const holdCases: HoldCase[] = [
  { processCount: 1000, eventCount: 1e6, withBaseline: true },
  ...(quick
    ? []
    : [
        { processCount: 1000, eventCount: 1e7, withBaseline: false },
        { processCount: 100_000, eventCount: 1e6, withBaseline: true },
      ]),
];
const holdLabel = (holdCase: HoldCase, delay: HoldDelay): string =>
  `${holdCase.processCount.toLocaleString('en-US')} processes, ${holdCase.eventCount.toExponential(0)} events, ${delay}`;

// The machines are shared and noisy, so the tasks are run in interleaved rounds (every task once per
// round, then again) and their samples pooled: a slow spell then hurts every task alike instead of
// whichever one happened to be running.
const rounds = quick ? 1 : 3;
const iterationsPerRound = quick ? 2 : 3;

interface BenchTask {
  readonly name: string;
  readonly events: number;
  readonly run: () => void;
}

const tasks: BenchTask[] = [];
/** Largest number of pending events seen, per process count: memory is bounded by pending events. */
const peakPending = new Map<number, number>();
for (const holdCase of holdCases) {
  for (const delay of delays) {
    const options = { processCount: holdCase.processCount, eventCount: holdCase.eventCount, delay, meanDelayUs, seed: 'bench' };
    const label = holdLabel(holdCase, delay);
    tasks.push({
      name: `kernel (timing wheel + heap): ${label}`,
      events: holdCase.eventCount,
      run: () => {
        const outcome = runHoldModel(options);
        peakPending.set(holdCase.processCount, Math.max(peakPending.get(holdCase.processCount) ?? 0, outcome.peakPending));
      },
    });
    if (holdCase.withBaseline) {
      tasks.push({ name: `baseline (heap of event objects): ${label}`, events: holdCase.eventCount, run: () => void runObjectHeapHoldModel(options) });
    }
  }
}

for (const name of SCENARIO_BENCHMARKS) {
  const scenario = loadScenario(name);
  const probe = runScenario(scenario);
  tasks.push({ name: `scenario ${name} (${scenario.durationUs / 1e6} s simulated)`, events: probe.counts.events, run: () => void runScenario(scenario) });
}

const samplesByTask = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
process.stderr.write(`running ${tasks.length} benchmarks in ${rounds} interleaved round(s) of ${iterationsPerRound} samples...\n`);
for (let round = 1; round <= rounds; round += 1) {
  const bench = new Bench({ name: `round ${round}`, iterations: iterationsPerRound, time: 0, warmupIterations: 1, retainSamples: true });
  for (const task of tasks) bench.add(task.name, task.run);
  bench.runSync();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') {
      process.stderr.write(`${task.name}: ${result.state}\n`);
      continue;
    }
    samplesByTask.get(task.name)?.push(...(result.latency.samples ?? []));
  }
  if (rounds > 1) process.stderr.write(`round ${round} of ${rounds} done\n`);
}

const figures: Figure[] = [];
for (const task of tasks) {
  const samples = [...(samplesByTask.get(task.name) ?? [])].sort((a, b) => a - b);
  if (samples.length === 0) continue;
  const middle = samples.length >> 1;
  const medianMs = samples.length % 2 === 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
  const meanMs = samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
  figures.push({
    name: task.name,
    events: task.events,
    meanMs,
    medianMs,
    eventsPerSecond: Math.round(task.events / (medianMs / 1000)),
    samples: samples.length,
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
for (const holdCase of holdCases.filter((candidate) => candidate.withBaseline)) {
  for (const delay of delays) {
    const label = holdLabel(holdCase, delay);
    const ours = figures.find((figure) => figure.name === `kernel (timing wheel + heap): ${label}`);
    const baseline = figures.find((figure) => figure.name === `baseline (heap of event objects): ${label}`);
    if (ours && baseline) {
      ratios[label] = ours.eventsPerSecond / baseline.eventsPerSecond;
      console.log(`kernel / baseline, ${label}: ${ratios[label].toFixed(2)}x`);
    }
  }
}
for (const [processCount, peak] of peakPending) {
  console.log(`peak pending events with ${processCount.toLocaleString('en-US')} processes: ${peak.toLocaleString('en-US')} (bounded by the processes)`);
}
console.log(`heap after the runs: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

if (jsonPath !== undefined) {
  const report = { suite: 'kernel-hold-model', meanDelayUs, rounds, figures, ratios, peakPending: Object.fromEntries(peakPending), node: process.version };
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${jsonPath}`);
}
