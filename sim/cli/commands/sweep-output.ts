// What `sweep` and `merge` print and write once the rows are in: the table per variant, the failing seeds
// with their replay commands, and with --report the sweep report beside results.jsonl.

import { join } from 'node:path';
import { loadD3Node } from '../../report/run-report.js';
import { renderSweepReport } from '../../report/sweep-report.js';
import type { SweepRow } from '../../sweep/sweep-row.js';
import { formatSummaryTable, summarise } from '../../sweep/sweep-summary.js';
import { writeFileAtomically } from '../atomic-file.js';
import { ExitStatus } from '../exit-status.js';

export interface SweepOutput {
  readonly scenario: { readonly name: string; readonly source: string; readonly durationUs: number };
  /** The seeds as the report names them, e.g. `1..1000` or `1..1000, shard 0/4`. */
  readonly seedsLabel: string;
  readonly labels: readonly string[];
  readonly variants: readonly Record<string, string>[];
  readonly rows: readonly SweepRow[];
  /** How the runs were made, for the heading line and the JSON: `{ workers: 2 }`, `{ shards: 4 }`. */
  readonly how: Readonly<Record<string, number>>;
  readonly reportDirectory?: string;
  readonly json: boolean;
}

export async function printSweepOutput(output: SweepOutput): Promise<number> {
  const summaries = summarise(output.rows, output.labels, output.variants, output.scenario.source, process.cwd());
  const anyViolation = summaries.some((summary) => summary.seedsWithViolation > 0);
  if (output.json) {
    process.stdout.write(`${JSON.stringify({ scenario: output.scenario.name, seeds: output.seedsLabel, ...output.how, variants: summaries }, null, 2)}\n`);
  } else {
    const how = Object.entries(output.how).map(([name, count]) => `${count} ${name === 'workers' ? 'worker(s)' : name}`).join(', ');
    const lines = [`sweep ${output.scenario.name}  seeds ${output.seedsLabel}  ${how}`, '', formatSummaryTable(summaries), ''];
    for (const summary of summaries) {
      if (summary.probesNeverFired.length > 0) lines.push(`${summary.label}: probes never fired in any run: ${summary.probesNeverFired.join(', ')}`);
    }
    for (const summary of summaries) {
      if (summary.failing.length === 0) continue;
      lines.push(`${summary.label}: failing seeds (${summary.failing.length})${summary.failing.length > 10 ? ', the first 10' : ''}:`);
      for (const entry of summary.failing.slice(0, 10)) lines.push(`  seed ${entry.seed} (${entry.invariants.join(', ')}): ${entry.replay}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (output.reportDirectory !== undefined) {
    const firstViolations = summaries.map((summary) => ({
      label: summary.label,
      valuesS: output.rows.filter((row) => row.variant === summary.label && row.firstViolationUs !== null).map((row) => row.firstViolationUs! / 1e6),
    }));
    const files = renderSweepReport(await loadD3Node(), output.scenario.name, output.seedsLabel, output.scenario.durationUs / 1e6, summaries, firstViolations);
    for (const [name, text] of Object.entries(files)) writeFileAtomically(join(output.reportDirectory, name), text);
    if (!output.json) process.stdout.write(`report    ${join(output.reportDirectory, 'index.html')} (results.jsonl beside it)\n`);
  }
  return anyViolation ? ExitStatus.violation : ExitStatus.ok;
}
