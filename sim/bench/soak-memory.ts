// The soak benchmark: one scenario run at 1x, 4x and 16x its base duration, each in a fresh process, printing
// each run's peak RSS and the heap it still holds at the end, and the 16x/1x ratio against the bound
// (issue 11: within 1.5x). Memory must stay flat as simulated time grows; this is where that is measured.
// Usage: tsx sim/bench/soak-memory.ts [--scenario NAME] [--base DURATION] [--multiples 1,4,16] [--bound 1.5]
//        [--check] [--json FILE]   (also run by `npm run bench`; with `--quick`, on a 10min base)

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { wallClockMs } from '../runner/wall-clock.js';
import { optionValues } from './script-options.js';
import type { SoakFigures } from './soak-run.js';
import { scenarioWithDuration } from './soak-scenario.js';

export interface SoakOptions {
  readonly scenario: string;
  /**
   * The 1x duration, in scenario form (`30min`): the issue's figures are for 30 minutes and 32 hours. A base
   * under about 10 simulated minutes measures V8's warm-up (its young generation and old-generation limit
   * grow over the first minutes of a run while the heap in use stays flat), not memory that grows with time.
   */
  readonly base: string;
  readonly multiples: readonly number[];
  /** Largest allowed ratio of the last multiple's peak RSS to the first's. */
  readonly bound: number;
}

export interface SoakRow extends SoakFigures {
  readonly multiple: number;
  readonly wallMs: number;
}

export interface SoakReport {
  readonly options: SoakOptions;
  readonly rows: readonly SoakRow[];
  /** Peak RSS of the last multiple over the first's. */
  readonly ratio: number;
  readonly withinBound: boolean;
}

export const DEFAULT_SOAK: SoakOptions = {
  scenario: 'volume-1gib-under-load', base: '30min', multiples: [1, 4, 16], bound: 1.5,
};

const CHILD = fileURLToPath(new URL('./soak-run.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MIB = 2 ** 20;
/** Column widths of the printed table (the first is padded at the end, the last not at all). */
const WIDTHS = [5, 12, 12, 11, 12, 12, 10, 8, 0];

/** Runs the scenario once per multiple, each in its own process, and prints a line per run as it ends. */
export function runSoak(options: SoakOptions, print = (line: string): void => console.log(line)): SoakReport {
  const baseUs = scenarioWithDuration(options.scenario, options.base).durationUs;
  print(`soak: ${options.scenario}, 1x = ${options.base} (${baseUs / 1e6} s simulated), one process per run`);
  const columns = (cells: readonly string[]): string => cells.map((cell, index) => (index === 0 ? cell.padEnd(5)
    : index === cells.length - 1 ? `  ${cell}` : cell.padStart(WIDTHS[index]))).join('');
  print(columns(['run', 'simulated', 'events', 'writes', 'peak RSS', 'heap after', 'JSON', 'wall', 'fingerprints']));
  const rows: SoakRow[] = [];
  for (const multiple of options.multiples) {
    const startedMs = wallClockMs();
    const childArgs = ['--expose-gc', '--import', 'tsx', CHILD, options.scenario, String(baseUs * multiple)];
    const child = spawnSync(process.execPath, childArgs, { encoding: 'utf8', maxBuffer: 1 << 20, cwd: ROOT });
    if (child.status !== 0) {
      throw new Error(`soak run ${multiple}x failed (status ${child.status}): ${child.stderr.trim()}`);
    }
    const figures = JSON.parse(child.stdout.trim().split('\n').pop()!) as SoakFigures;
    const row: SoakRow = { ...figures, multiple, wallMs: wallClockMs() - startedMs };
    rows.push(row);
    print(columns([`${multiple}x`, `${(row.simulatedUs / 1e6).toFixed(0)} s`, String(row.events), String(row.writes),
      `${(row.peakRssBytes / MIB).toFixed(0)} MiB`, `${(row.heapAfterBytes / MIB).toFixed(0)} MiB`,
      `${(row.resultJsonBytes / 1024).toFixed(0)} KiB`, `${(row.wallMs / 1000).toFixed(0)} s`,
      `${row.fingerprints.schedule} / ${row.fingerprints.outcome}`]));
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const ratio = last.peakRssBytes / first.peakRssBytes;
  const withinBound = ratio <= options.bound;
  const verdict = withinBound ? 'within' : 'OVER THE BOUND';
  print(`peak RSS ${last.multiple}x / ${first.multiple}x: ${ratio.toFixed(2)} (bound ${options.bound}): ${verdict}`);
  return { options, rows, ratio, withinBound };
}

function main(): void {
  const multiplesText = optionValues('--multiples')[0];
  const options: SoakOptions = {
    scenario: optionValues('--scenario')[0] ?? DEFAULT_SOAK.scenario,
    base: optionValues('--base')[0] ?? DEFAULT_SOAK.base,
    multiples: multiplesText === undefined ? DEFAULT_SOAK.multiples : multiplesText.split(',').map(Number),
    bound: Number(optionValues('--bound')[0] ?? DEFAULT_SOAK.bound),
  };
  const wholes = options.multiples.every((multiple) => Number.isInteger(multiple) && multiple > 0);
  if (options.multiples.length < 2 || !wholes) {
    process.stderr.write(`soak: --multiples takes two or more whole numbers (1,4,16), got ${multiplesText}\n`);
    process.exit(2);
  }
  if (!(options.bound > 0)) {
    process.stderr.write(`soak: --bound takes a positive number, such as 1.5\n`);
    process.exit(2);
  }
  let report: SoakReport;
  try {
    report = runSoak(options);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`soak: ${error.message}\n`);
    process.exit(2);
  }
  const jsonPath = optionValues('--json')[0];
  if (jsonPath !== undefined) writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  if (process.argv.includes('--check') && !report.withinBound) process.exit(1);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
