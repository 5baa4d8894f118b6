// `npm run bench`: the kernel on the hold model (1,000 processes, exponential and constant delays,
// 1e6 and 1e7 events; and 100,000 processes, many events pending), beside a heap-of-objects baseline,
// and whole scenarios (wall time per run and events/s), measured with tinybench in one process; then the
// soak benchmark (soak-memory.ts): peak memory of a volume run at 1x, 4x and 16x its duration.
// Usage: npm run bench [-- --json FILE] [-- --quick] [-- --no-soak]

import { writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { type HoldDelay, runHoldModel } from './hold-model.js';
import { runObjectHeapHoldModel } from './object-heap-kernel.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { DEFAULT_SOAK, type SoakReport, runSoak } from './soak-memory.js';

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
/** Largest heap in use during a run, by hold-model label: it stays flat as the event count grows tenfold. */
const peakHeapMiB = new Map<string, number>();
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
        peakHeapMiB.set(label, Math.max(peakHeapMiB.get(label) ?? 0, outcome.peakHeapUsedBytes / 2 ** 20));
      },
    });
    if (holdCase.withBaseline) {
      tasks.push({ name: `baseline (heap of event objects): ${label}`, events: holdCase.eventCount, run: () => void runObjectHeapHoldModel(options) });
    }
  }
}

const samplesByTask = new Map<string, number[]>();

/** Runs the tasks in interleaved rounds and pools each task's samples. */
function runRounds(phase: string, phaseTasks: readonly BenchTask[]): void {
  process.stderr.write(`${phase}: ${phaseTasks.length} benchmarks in ${rounds} interleaved round(s) of ${iterationsPerRound} samples...\n`);
  for (const task of phaseTasks) samplesByTask.set(task.name, []);
  for (let round = 1; round <= rounds; round += 1) {
    const bench = new Bench({ name: `${phase}, round ${round}`, iterations: iterationsPerRound, time: 0, warmupIterations: 1, retainSamples: true });
    for (const task of phaseTasks) bench.add(task.name, task.run);
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
}

// The hold model first, before any scenario has run, so the kernel and the baseline meet the JIT on equal
// footing (code only the hold model has used); the kernel runs once more after the scenarios, below.
runRounds('hold model', tasks);

const scenarioTasks: BenchTask[] = SCENARIO_BENCHMARKS.map((name) => {
  const scenario = loadScenario(name);
  const probe = runScenario(scenario);
  return { name: `scenario ${name} (${scenario.durationUs / 1e6} s simulated)`, events: probe.counts.events, run: () => void runScenario(scenario) };
});
// The kernel once more, now that scenarios have run through it with their many kinds of handler: the
// state a kernel is in inside a sweep worker.
const afterCase = holdCases[0];
const afterOptions = { processCount: afterCase.processCount, eventCount: afterCase.eventCount, delay: 'exponential' as const, meanDelayUs, seed: 'bench' };
scenarioTasks.push({
  name: `kernel (timing wheel + heap): ${holdLabel(afterCase, 'exponential')}, after the scenarios`,
  events: afterCase.eventCount,
  run: () => void runHoldModel(afterOptions),
});
runRounds('scenarios', scenarioTasks);
tasks.push(...scenarioTasks);

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
for (const [label, mebibytes] of peakHeapMiB) console.log(`peak heap in use during the kernel runs, ${label}: ${mebibytes.toFixed(0)} MiB`);
console.log(`heap after the runs: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

// Memory against simulated duration, each run in a fresh process (--quick: a 10-minute base, else 30 minutes).
let soak: SoakReport | undefined;
if (!args.includes('--no-soak')) {
  process.stderr.write('soak: peak memory at 1x, 4x and 16x simulated duration (a process per run)...\n');
  soak = runSoak({ ...DEFAULT_SOAK, base: quick ? '10min' : DEFAULT_SOAK.base });
}

if (jsonPath !== undefined) {
  const report = {
    suite: 'kernel-hold-model', meanDelayUs, rounds, figures, ratios, peakPending: Object.fromEntries(peakPending),
    peakHeapMiB: Object.fromEntries(peakHeapMiB), soak: soak ?? null, node: process.version,
  };
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${jsonPath}`);
}
