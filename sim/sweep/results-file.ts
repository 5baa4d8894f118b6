// results.jsonl read back and written out: every row checked field by field, a last line cut short by an
// interruption dropped (that run is done again), exact duplicates skipped, and one canonical order (the
// seeds as given, then the variants as given) so the file's bytes depend on neither workers nor shards.

import { readFileSync, statSync } from 'node:fs';
import { InputError, type InputIssue, assert, renderValue } from '../errors.js';
import { type SweepRow, rowLine, unitKey } from './sweep-row.js';

export const RESULTS_FILE = 'results.jsonl';

export interface ResultsRead {
  readonly rows: SweepRow[];
  /** The last line had no newline: cut short (dropped) or only its newline lost (kept). */
  readonly tornLastLine: boolean;
  /** Lines that repeated an earlier line exactly (skipped). */
  readonly duplicateLines: number;
}

const ROW_EXPECTED = 'a results.jsonl row written by mirrorsim sweep';
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const isStrings = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isCounts = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value)
  && Object.values(value).every(isCount);

/** Each field of a row: is it there and of its type, and what a good one is. */
const FIELDS: readonly [keyof SweepRow, (value: unknown) => boolean, string][] = [
  ['seed', (value) => typeof value === 'string' && value !== '', 'a non-empty seed string'],
  ['variant', (value) => typeof value === 'string', 'a variant label string'],
  ['verdict', (value) => value === 'pass' || value === 'fail', '"pass" or "fail"'],
  ['violations', isCount, 'a count of violations'],
  ['invariants', isStrings, 'a list of invariant names'],
  ['firstViolationUs', (value) => value === null || (Number.isFinite(value) && (value as number) >= 0),
    'null or a time (µs)'],
  ['resolutions', (value) => value === null || isCounts(value), 'null or counts by resolution'],
  ['events', isCount, 'a count of events'],
  ['fingerprints', (value) => typeof value === 'object' && value !== null
    && typeof (value as { schedule?: unknown }).schedule === 'string'
    && typeof (value as { outcome?: unknown }).outcome === 'string', 'the schedule and outcome fingerprints'],
  ['probesUnreached', (value) => value === undefined || isStrings(value), 'a list of probe names, or no such field'],
];

/** The first issue with a parsed line, or undefined if it is a good row. */
function rowIssue(value: unknown, source: string, line: string): InputIssue | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { source, path: '', value: renderValue(line.slice(0, 60)), expected: ROW_EXPECTED };
  }
  for (const [field, good, expected] of FIELDS) {
    const fieldValue = (value as Record<string, unknown>)[field];
    if (!good(fieldValue)) {
      return { source, path: field, value: renderValue(fieldValue), expected: `${expected} (${ROW_EXPECTED})` };
    }
  }
  return undefined;
}

/** Parses results.jsonl text; `path` names it in messages. */
export function parseResults(path: string, text: string): ResultsRead {
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  lines.pop(); // '' after the last newline, or the unterminated last line, handled below
  const last = complete ? undefined : text.slice(text.lastIndexOf('\n') + 1);
  const rows: SweepRow[] = [];
  const seen = new Map<string, { line: number; text: string }>();
  let duplicateLines = 0;
  const take = (line: string, lineNumber: number, isTorn: boolean): void => {
    if (line === '') return;
    const source = `${path}:${lineNumber}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (isTorn) return; // cut short by an interruption: that run is done again
      throw new InputError([{ source, path: '', value: renderValue(line.slice(0, 60)), expected: ROW_EXPECTED }]);
    }
    const issue = rowIssue(value, source, line);
    if (issue !== undefined) {
      if (isTorn) return;
      throw new InputError([issue]);
    }
    const row = value as SweepRow;
    const key = unitKey(row.seed, row.variant);
    const canonical = rowLine(row);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      if (earlier.text === canonical) {
        duplicateLines += 1;
        return;
      }
      throw new InputError([{
        source,
        path: '',
        value: `another result for seed ${renderValue(row.seed)}, variant ${renderValue(row.variant)}`,
        expected: `one result per run, or the same one again (line ${earlier.line} has a different one)`,
      }]);
    }
    seen.set(key, { line: lineNumber, text: canonical });
    rows.push(row);
  };
  lines.forEach((line, index) => take(line, index + 1, false));
  if (last !== undefined) take(last, lines.length + 1, true);
  return { rows, tornLastLine: last !== undefined, duplicateLines };
}

/** The rows of a results file; none if there is no file. */
export function readResults(path: string): ResultsRead {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return { rows: [], tornLastLine: false, duplicateLines: 0 };
  if (!stats.isFile()) {
    const value = 'a directory or other non-file';
    throw new InputError([{ source: path, path: '', value, expected: `a ${RESULTS_FILE} file` }]);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    const value = `a file that cannot be read (${code})`;
    throw new InputError([{ source: path, path: '', value, expected: `a readable ${RESULTS_FILE}` }]);
  }
  return parseResults(path, text);
}

/** Rows that are not runs of this sweep (seed and variant), as issues naming them. */
export function foreignRows(
  path: string,
  rows: readonly SweepRow[],
  seeds: readonly string[],
  labels: readonly string[],
): InputIssue[] {
  const seedSet = new Set(seeds);
  const labelSet = new Set(labels);
  return rows.filter((row) => !seedSet.has(row.seed) || !labelSet.has(row.variant)).slice(0, 1).map((row) => ({
    source: path,
    path: '',
    value: `a row for seed ${renderValue(row.seed)}, variant ${renderValue(row.variant)}`,
    expected: "only runs of this sweep's seeds and variants",
  }));
}

/** The canonical order: by the seed's place in the sweep's seed list, then the variant's in its list. */
export function canonicalRows(
  rows: readonly SweepRow[],
  seeds: readonly string[],
  labels: readonly string[],
): SweepRow[] {
  const seedOrder = new Map(seeds.map((seed, index) => [seed, index]));
  const labelOrder = new Map(labels.map((label, index) => [label, index]));
  const placed = rows.map((row) => {
    const seedIndex = seedOrder.get(row.seed);
    const labelIndex = labelOrder.get(row.variant);
    assert(seedIndex !== undefined && labelIndex !== undefined, `row ${row.seed}/${row.variant} is not of this sweep`);
    return { row, seedIndex, labelIndex };
  });
  placed.sort((a, b) => a.seedIndex - b.seedIndex || a.labelIndex - b.labelIndex);
  for (let index = 1; index < placed.length; index += 1) {
    const [before, after] = [placed[index - 1], placed[index]];
    const same = after.seedIndex === before.seedIndex && after.labelIndex === before.labelIndex;
    assert(!same, `two rows for seed ${placed[index].row.seed}, variant ${placed[index].row.variant}`);
  }
  return placed.map((entry) => entry.row);
}

/** The bytes of results.jsonl for rows already in canonical order. */
export function resultsText(rows: readonly SweepRow[]): string {
  return rows.map((row) => `${rowLine(row)}\n`).join('');
}
