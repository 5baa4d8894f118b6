// Writes the report files the CLI writes, for a run, a comparison or a sweep, each file whole or not at all
// (the project's atomic writer). The CLI's `run --report` and `sweep --report` write through these too.

import { join, resolve } from 'node:path';
import { writeFileAtomically } from '../cli/atomic-file.js';
import { reproduceCommand } from '../runner/library-run.js';
import type { Comparison } from '../runner/compare-variants.js';
import type { RunResult } from '../runner/run-result.js';
import { RESULTS_FILE, resultsText } from '../sweep/results-file.js';
import { MANIFEST_FILE, manifestText } from '../sweep/sweep-manifest.js';
import type { VariantSummary } from '../sweep/sweep-summary.js';
import type { SweepResult } from '../sweep/library-sweep.js';
import { type ReportRun, loadD3Node, renderRunReport } from './run-report.js';
import { renderSweepReport } from './sweep-report.js';

export interface WrittenReport {
  /** The directory, absolute. */
  readonly directory: string;
  /** The files written, absolute paths; `index.html` is the page to open. */
  readonly files: readonly string[];
}

export interface RunReportOptions {
  /** The heading of a single run's column (default `run`, as the CLI's). */
  readonly label?: string | undefined;
  /** Reproduce commands name files relative to this directory (default: the process's). */
  readonly cwd?: string | undefined;
}

function writeAll(directory: string, files: Readonly<Record<string, string>>): WrittenReport {
  const root = resolve(directory);
  const written = Object.keys(files).map((name) => {
    writeFileAtomically(join(root, name), files[name]);
    return join(root, name);
  });
  return { directory: root, files: written };
}

/** What a run report shows: one run, or a comparison's variants side by side. */
function reportRuns(subject: RunResult | Comparison, options: RunReportOptions): {
  scenario: { name: string; description: string }; runs: ReportRun[];
} {
  if ('runs' in subject) return { scenario: subject.scenario, runs: [...subject.runs] };
  const reproduce = reproduceCommand(subject, options.cwd ?? process.cwd());
  return {
    scenario: { name: subject.scenario, description: subject.description },
    runs: [{ label: options.label ?? 'run', result: subject, reproduce }],
  };
}

/** Writes index.html (charts inline, no network), summary.json and summary.md into `directory`. */
export async function writeRunReport(
  directory: string,
  subject: RunResult | Comparison,
  options: RunReportOptions = {},
): Promise<WrittenReport> {
  const { scenario, runs } = reportRuns(subject, options);
  const D3Node = await loadD3Node();
  return writeAll(directory, renderRunReport(D3Node, scenario, runs));
}

/** The sweep report's own files (index.html, summary.json, summary.md), as `sweep` and `merge` write them. */
export async function writeSweepReportFiles(directory: string, sweep: {
  readonly scenario: { readonly name: string; readonly durationUs: number };
  readonly seedsLabel: string;
  readonly summaries: readonly VariantSummary[];
}): Promise<WrittenReport> {
  const D3Node = await loadD3Node();
  const files = renderSweepReport(D3Node, sweep.scenario.name, sweep.seedsLabel, sweep.scenario.durationUs / 1e6,
    sweep.summaries);
  return writeAll(directory, files);
}

/**
 * Writes a sweep's directory as `mirrorsim sweep --report` leaves it: sweep.json, results.jsonl (canonical
 * order) and the report, so `mirrorsim merge` and `sweep --resume` can read it.
 */
export async function writeSweepReport(directory: string, sweep: SweepResult): Promise<WrittenReport> {
  const data = writeAll(directory, {
    [MANIFEST_FILE]: manifestText(sweep.manifest),
    [RESULTS_FILE]: resultsText(sweep.rows),
  });
  const report = await writeSweepReportFiles(directory, sweep);
  return { directory: data.directory, files: [...data.files, ...report.files] };
}
