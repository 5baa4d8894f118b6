// A sweep: every (seed, variant) of a scenario, spread over worker threads. Each row is handed to `onRow` as
// it finishes (the command appends it to results.jsonl, so an interrupted sweep keeps what it finished and can
// resume), and the rows come back sorted by seed and variant, so the result does not depend on the worker
// count. A failed onRow, a failed worker or an abort stops every worker at once.

import { Worker } from 'node:worker_threads';
import { assert } from '../errors.js';
import { FROM_SOURCE } from '../package-files.js';
import { canonicalRows } from './results-file.js';
import { type SweepRow, type SweepUnit, unitKey as key } from './sweep-row.js';

export interface SweepOptions {
  readonly scenarioPath: string;
  /** The scenario's text, when the workers are to parse it (named scenarioPath) rather than read the file. */
  readonly scenarioText?: string;
  readonly seeds: readonly string[];
  readonly variants: readonly Record<string, string>[];
  readonly labels: readonly string[];
  readonly workers: number;
  /** Rows already done (a resumed sweep's): their units are not run again. */
  readonly existing: readonly SweepRow[];
  /** Each newly finished row, as it finishes; a throw stops the sweep with that error. */
  readonly onRow?: (row: SweepRow) => void;
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborting stops the workers (the runs under way are dropped) and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

// From source, a launcher registers tsx in the worker; from the build, the compiled body runs as it is.
const WORKER_URL = FROM_SOURCE
  ? new URL('./sweep-worker.mjs', import.meta.url)
  : new URL('./sweep-worker-body.js', import.meta.url);

export function runSweep(options: SweepOptions): Promise<SweepRow[]> {
  const done = new Map<string, SweepRow>(options.existing.map((row) => [key(row.seed, row.variant), row]));
  assert(done.size === options.existing.length, 'existing rows hold one row per run');
  const units: SweepUnit[] = [];
  for (const seed of options.seeds) {
    options.variants.forEach((_, variantIndex) => {
      if (!done.has(key(seed, options.labels[variantIndex]))) units.push({ seed, variantIndex });
    });
  }
  const total = options.seeds.length * options.variants.length;
  const finish = (): SweepRow[] => canonicalRows([...done.values()], options.seeds, options.labels);
  options.onProgress?.(done.size, total);
  if (options.signal?.aborted === true) return Promise.reject(options.signal.reason);
  if (units.length === 0) return Promise.resolve(finish());
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let running = Math.min(options.workers, units.length);
    let settled = false;
    const onAbort = (): void => stop(options.signal!.reason);
    const settle = (): void => {
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
    };
    const stop = (error: unknown): void => {
      if (settled) return;
      settle();
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    for (let index = 0; index < running; index += 1) {
      const workerData = {
        scenarioPath: options.scenarioPath, scenarioText: options.scenarioText, variants: options.variants,
        labels: options.labels,
      };
      const worker = new Worker(WORKER_URL, { workerData });
      workers.push(worker);
      const feed = (): void => {
        if (next < units.length) {
          worker.postMessage(units[next]);
          next += 1;
        } else worker.postMessage(null);
      };
      worker.on('message', (message: { ready?: true; row?: SweepRow }) => {
        if (settled) return;
        try {
          if (message.row !== undefined) {
            const unitKey = key(message.row.seed, message.row.variant);
            assert(!done.has(unitKey), `seed ${message.row.seed}, variant ${message.row.variant} ran twice`);
            done.set(unitKey, message.row);
            options.onRow?.(message.row);
            options.onProgress?.(done.size, total);
          }
          feed();
        } catch (error) {
          stop(error); // thrown in an event handler it would end the process with status 1, as if a violation
        }
      });
      worker.on('error', stop);
      worker.on('exit', () => {
        running -= 1;
        if (running > 0 || settled) return;
        settle();
        if (done.size === total) resolve(finish());
        else reject(new Error(`the sweep's workers stopped with ${done.size} of ${total} runs done`));
      });
    }
  });
}
