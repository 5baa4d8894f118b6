// What `sweep` and `merge` print and write once the rows are in: the heading (unless printed before the runs),
// the table per variant within 80 columns, the failing seeds grouped with one replay template, and with
// --report the sweep report beside results.jsonl.

import { join } from 'node:path';
import { writeSweepReportFiles } from '../../report/write-report.js';
import type { SweepRow } from '../../sweep/sweep-row.js';
import { summarise } from '../../sweep/sweep-summary.js';
import { ExitStatus } from '../exit-status.js';
import { outputWidth, paintFor } from '../terminal.js';
import { formatSweepSummary, sweepHeading } from './sweep-text.js';

export interface SweepOutput {
  readonly scenario: { readonly name: string; readonly source: string; readonly durationUs: number };
  /** The seeds as the report names them, e.g. `1..1000` or `1..1000, shard 0/4`. */
  readonly seedsLabel: string;
  readonly labels: readonly string[];
  readonly variants: readonly Record<string, string>[];
  readonly rows: readonly SweepRow[];
  /** How the runs were made, for the heading line and the JSON: `{ workers: 2 }`, `{ shards: 4 }`. */
  readonly how: Readonly<Record<string, number>>;
  /** The verdict expected of each variant (sweep-expectation.ts); by default from its flawed values. */
  readonly expectations?: readonly ('pass' | 'fail')[];
  /** The heading line was printed before the runs (sweep does; merge does not). */
  readonly headingPrinted?: boolean;
  readonly reportDirectory?: string;
  readonly json: boolean;
}

export async function printSweepOutput(output: SweepOutput): Promise<number> {
  const summaries = summarise(output.rows, output.labels, output.variants, output.scenario.source, process.cwd(), output.expectations);
  const anyViolation = summaries.some((summary) => summary.seedsWithViolation > 0);
  if (output.json) {
    process.stdout.write(`${JSON.stringify({ scenario: output.scenario.name, seeds: output.seedsLabel, ...output.how, variants: summaries }, null, 2)}\n`);
  } else {
    const how = Object.entries(output.how).map(([name, count]) => `${count} ${name === 'workers' ? `worker${count === 1 ? '' : 's'}` : name}`).join(', ');
    const seedCount = new Set(output.rows.map((row) => row.seed)).size;
    const lines = output.headingPrinted === true ? [] : [sweepHeading(output.scenario.name, output.seedsLabel, seedCount, output.labels.length, how)];
    lines.push('', ...formatSweepSummary(summaries, { width: outputWidth(process.stdout), paint: paintFor(process.stdout) }), '');
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (output.reportDirectory !== undefined) {
    const report = { scenario: output.scenario, seedsLabel: output.seedsLabel, summaries };
    await writeSweepReportFiles(output.reportDirectory, report);
    if (!output.json) process.stdout.write(`report    ${join(output.reportDirectory, 'index.html')} (results.jsonl beside it)\n`);
  }
  return anyViolation ? ExitStatus.violation : ExitStatus.ok;
}
