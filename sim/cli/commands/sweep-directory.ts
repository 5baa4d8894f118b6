// A sweep's --report directory: sweep.json says which sweep it holds, results.jsonl its finished runs. A
// resume continues only the same sweep (a directory with results but no sweep.json is refused), drops a last
// row cut short and skips duplicates; rows are appended, checked, as runs finish, and at the end the file is
// rewritten in the canonical order, the same bytes whatever the worker count and what `merge` writes.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { RESULTS_FILE, canonicalRows, foreignRows, readResults, resultsText } from '../../sweep/results-file.js';
import {
  MANIFEST_FILE, type SweepManifest, manifestDifference, manifestText, readManifest,
} from '../../sweep/sweep-manifest.js';
import { type SweepRow, rowLine } from '../../sweep/sweep-row.js';
import { AppendFile, writeFileAtomically } from '../atomic-file.js';

export interface SweepDirectory {
  readonly resultsPath: string;
  /** The rows a resume keeps (none for a fresh sweep). */
  readonly existing: readonly SweepRow[];
  /** Notes for the terminal: what a resume repaired. */
  readonly notes: readonly string[];
  /** Appends one finished row, checked; a failure leaves the file ending in whole rows. */
  append(row: SweepRow): void;
  /** Rows appended since the directory was opened. */
  readonly appended: () => number;
  /** Flushes and closes results.jsonl (after an interruption or a failure too). */
  close(): void;
  /** Closes results.jsonl and rewrites it with all the sweep's rows, in canonical order. */
  finish(rows: readonly SweepRow[]): void;
}

const APPEND_KEPT = 'the rows before this one are kept whole: make room, then run the same command with --resume';
const REWRITE_KEPT = 'every row is kept, in the order the runs finished: make room, then run the same command'
  + ' with --resume';

/** What a resume keeps of the directory, after checking it holds this very sweep. */
function resumedRows(directory: string, manifest: SweepManifest, seeds: readonly string[], labels: readonly string[]) {
  const manifestPath = join(directory, MANIFEST_FILE);
  const resultsPath = join(directory, RESULTS_FILE);
  const found = readManifest(directory);
  if (found === undefined) {
    if (!existsSync(resultsPath)) return { rows: [], notes: [] }; // nothing to continue: the sweep starts afresh
    throw new InputError([{
      source: manifestPath,
      path: '',
      value: 'no such file',
      expected: `a directory written by mirrorsim sweep --report, whose ${MANIFEST_FILE} says which sweep its`
        + ` ${RESULTS_FILE} holds (without --resume the sweep starts afresh there)`,
    }]);
  }
  const difference = manifestDifference(found, manifest);
  if (difference !== undefined) {
    throw new InputError([{
      source: manifestPath,
      path: difference.field,
      value: difference.a,
      expected: `${difference.b}, as this command asks: --resume continues only the same sweep`,
    }]);
  }
  const read = readResults(resultsPath);
  const foreign = foreignRows(resultsPath, read.rows, seeds, labels);
  if (foreign.length > 0) throw new InputError(foreign);
  const notes: string[] = [];
  if (read.tornLastLine) {
    notes.push(`${resultsPath}: its last line had no newline (cut short); repaired, and a cut row is run again`);
  }
  if (read.duplicateLines > 0) notes.push(`${resultsPath}: skipped ${read.duplicateLines} duplicate line(s)`);
  return { rows: read.rows, notes };
}

export function openSweepDirectory(
  directory: string,
  manifest: SweepManifest,
  seeds: readonly string[],
  labels: readonly string[],
  resume: boolean,
): SweepDirectory {
  const resultsPath = join(directory, RESULTS_FILE);
  const { rows, notes } = resume
    ? resumedRows(directory, manifest, seeds, labels)
    : { rows: [] as SweepRow[], notes: [] };
  writeFileAtomically(join(directory, MANIFEST_FILE), manifestText(manifest));
  // A fresh sweep starts empty; a resume starts from its whole rows, in order: a cut last row is gone.
  writeFileAtomically(resultsPath, resultsText(canonicalRows(rows, seeds, labels)));
  const log = new AppendFile(resultsPath, APPEND_KEPT);
  let appended = 0;
  return {
    resultsPath,
    existing: rows,
    notes,
    append(row) {
      log.append(`${rowLine(row)}\n`);
      appended += 1;
    },
    appended: () => appended,
    close: () => log.close(),
    finish(all) {
      log.close();
      writeFileAtomically(resultsPath, resultsText(canonicalRows(all, seeds, labels)), { outcome: REWRITE_KEPT });
    },
  };
}
