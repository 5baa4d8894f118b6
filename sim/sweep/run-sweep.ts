// A sweep: every (seed, variant) of a scenario, spread over worker threads. Each row is appended to
// results.jsonl as it finishes (so an interrupted sweep keeps what it finished and can resume), and the
// rows come back sorted by seed and variant, so the result does not depend on the worker count.

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { type SweepRow, type SweepUnit, rowLine, unitKey as key } from './sweep-row.js';

export interface SweepOptions {
  readonly scenarioPath: string;
  readonly seeds: readonly string[];
  readonly variants: readonly Record<string, string>[];
  readonly labels: readonly string[];
  readonly workers: number;
  /** results.jsonl: rows are appended here as they finish. */
  readonly resultsPath?: string;
  /** Skip the units already in resultsPath. */
  readonly resume: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

const WORKER_URL = new URL('./sweep-worker.mjs', import.meta.url);

/** Rows already in a results file (a last line cut short by an interruption is ignored). */
export function readResults(path: string): SweepRow[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const rows: SweepRow[] = [];
  lines.forEach((line, index) => {
    if (line === '') return;
    try {
      rows.push(JSON.parse(line) as SweepRow);
    } catch {
      if (index === lines.length - 1) return; // cut short by an interruption: that unit runs again
      throw new InputError([{ source: `${path}:${index + 1}`, path: '', value: JSON.stringify(line.slice(0, 60)), expected: 'a results.jsonl line written by mirrorsim sweep' }]);
    }
  });
  return rows;
}

export function runSweep(options: SweepOptions): Promise<SweepRow[]> {
  const existing = options.resume && options.resultsPath !== undefined ? readResults(options.resultsPath) : [];
  const done = new Map<string, SweepRow>(existing.map((row) => [key(row.seed, row.variant), row]));
  const units: SweepUnit[] = [];
  for (const seed of options.seeds) {
    options.variants.forEach((_, variantIndex) => {
      if (!done.has(key(seed, options.labels[variantIndex]))) units.push({ seed, variantIndex });
    });
  }
  const total = options.seeds.length * options.variants.length;
  if (options.resultsPath !== undefined) {
    mkdirSync(dirname(options.resultsPath), { recursive: true });
    // Drop a line cut short by the interruption before appending to the file again.
    if (existing.length > 0) {
      writeFileSync(`${options.resultsPath}.partial`, existing.map((row) => `${rowLine(row)}\n`).join(''));
      renameSync(`${options.resultsPath}.partial`, options.resultsPath);
    }
  }
  const finish = (): SweepRow[] => {
    const order = new Map(options.seeds.map((seed, index) => [seed, index]));
    return [...done.values()]
      .filter((row) => order.has(row.seed) && options.labels.includes(row.variant))
      .sort((a, b) => (order.get(a.seed)! - order.get(b.seed)!) || options.labels.indexOf(a.variant) - options.labels.indexOf(b.variant));
  };
  options.onProgress?.(done.size, total);
  if (units.length === 0) return Promise.resolve(finish());
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = Math.min(options.workers, units.length);
    let failed = false;
    for (let index = 0; index < running; index += 1) {
      const worker = new Worker(WORKER_URL, { workerData: { scenarioPath: options.scenarioPath, variants: options.variants, labels: options.labels } });
      const feed = (): void => {
        if (next < units.length) {
          worker.postMessage(units[next]);
          next += 1;
        } else worker.postMessage(null);
      };
      worker.on('message', (message: { ready?: true; row?: SweepRow }) => {
        if (message.row !== undefined) {
          done.set(key(message.row.seed, message.row.variant), message.row);
          if (options.resultsPath !== undefined) appendFileSync(options.resultsPath, `${rowLine(message.row)}\n`);
          options.onProgress?.(done.size, total);
        }
        feed();
      });
      worker.on('error', (error) => {
        if (failed) return;
        failed = true;
        reject(error);
      });
      worker.on('exit', () => {
        running -= 1;
        if (running === 0 && !failed) resolve(finish());
      });
    }
  });
}
