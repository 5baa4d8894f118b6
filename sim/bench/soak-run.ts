// One soak run, in a process of its own so that its peak RSS is its own: a library scenario (or file) with
// its duration replaced, run to the end and its result serialised as `run --json` would; prints one JSON line.
// Usage (by soak-memory.ts): node --expose-gc --import tsx sim/bench/soak-run.ts SCENARIO DURATION_US

import { runScenario } from '../runner/run-scenario.js';
import { scenarioWithDuration } from './soak-scenario.js';

export interface SoakFigures {
  readonly simulatedUs: number;
  readonly events: number;
  readonly verdict: string;
  readonly fingerprints: { readonly schedule: string; readonly outcome: string };
  readonly writes: number;
  /** Peak resident set size of the whole process, bytes (process.resourceUsage().maxRSS). */
  readonly peakRssBytes: number;
  /** JS heap in use after the run and a full collection: what the run still holds. */
  readonly heapAfterBytes: number;
  readonly resultJsonBytes: number;
}

function main(): void {
  const [reference, durationText] = process.argv.slice(2);
  const durationUs = Number(durationText);
  if (reference === undefined || !Number.isSafeInteger(durationUs) || durationUs <= 0) {
    process.stderr.write('usage: soak-run.ts SCENARIO DURATION_US\n');
    process.exit(2);
  }
  const result = runScenario(scenarioWithDuration(reference, `${durationUs}us`));
  const json = JSON.stringify(result, null, 2);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const figures: SoakFigures = {
    simulatedUs: result.durations.simulatedUs,
    events: result.counts.events,
    verdict: result.verdict,
    fingerprints: result.fingerprints,
    writes: result.storage?.writeLatency.count ?? result.geo?.writeLatency.count ?? 0,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapAfterBytes: gc === undefined ? -1 : process.memoryUsage().heapUsed,
    resultJsonBytes: Buffer.byteLength(json),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main();
