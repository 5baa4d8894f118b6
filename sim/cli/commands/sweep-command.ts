// `mirrorsim sweep SCENARIO --seeds 1..N [--variants a,b] [--workers N] [--report DIR] [--resume] [--json]`:
// every variant on the same seeds over worker threads, a progress bar on a terminal, the table per variant
// and the failing seeds with their replay commands.

import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { variantFor } from '../../runner/run-scenario.js';
import { loadD3Node } from '../../report/run-report.js';
import { renderSweepReport } from '../../report/sweep-report.js';
import { runSweep } from '../../sweep/run-sweep.js';
import { formatSummaryTable, summarise } from '../../sweep/sweep-summary.js';
import { parseVariantAssignments } from '../../variants.js';
import { writeFileAtomically } from '../atomic-file.js';
import { ExitStatus } from '../exit-status.js';

export interface SweepCommandArguments {
  readonly scenario: string;
  readonly seeds: string;
  readonly variants?: string;
  readonly workers?: number;
  readonly report?: string;
  readonly resume: boolean;
  readonly json: boolean;
}

const MAX_SEEDS = 1_000_000;

/** `1..1000`, `7`, or `1,5,9`. */
export function parseSeeds(text: string): string[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (range !== null) {
    const first = Number(range[1]);
    const last = Number(range[2]);
    if (last >= first && last - first < MAX_SEEDS) return Array.from({ length: last - first + 1 }, (_, index) => String(first + index));
  } else if (/^[^,\s]+(,[^,\s]+)*$/.test(text.trim())) return text.trim().split(',');
  throw new InputError([{ source: '--seeds', path: '', value: JSON.stringify(text), expected: `a range such as 1..1000 (at most ${MAX_SEEDS} seeds) or a list such as 1,5,9` }]);
}

export function sweepCommand(args: SweepCommandArguments): Promise<number> {
  const scenario = loadScenario(args.scenario);
  const seeds = parseSeeds(args.seeds);
  const items = args.variants === undefined || args.variants.trim() === '' ? [''] : args.variants.split(',');
  const variants = items.map((item) => {
    const { values, issues } = parseVariantAssignments(item === '' ? [] : item.split('+'));
    if (issues.length > 0) throw new InputError(issues.map((issue) => ({ ...issue, source: '--variants' })));
    variantFor(scenario, values);
    return values;
  });
  const labels = items.map((item) => item || 'as written');
  const workers = args.workers ?? availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 256)) throw new InputError([{ source: '--workers', path: '', value: String(args.workers), expected: 'a whole number from 1 to 256' }]);
  if (args.resume && args.report === undefined) throw new InputError([{ source: '--resume', path: '', value: 'true', expected: 'a --report DIR whose results.jsonl to continue' }]);
  const reportDirectory = args.report === undefined ? undefined : resolve(args.report);
  const resultsPath = reportDirectory === undefined ? undefined : join(reportDirectory, 'results.jsonl');
  if (resultsPath !== undefined && !args.resume) writeFileAtomically(resultsPath, '');
  const showProgress = process.stderr.isTTY === true && !args.json;
  let lastShown = -1;
  const onProgress = (done: number, total: number): void => {
    if (!showProgress) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === lastShown && done !== total) return;
    lastShown = percent;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs (${percent}%)${done === total ? '\n' : ''}`);
  };
  return runSweep({ scenarioPath: scenario.source, seeds, variants, labels, workers, resultsPath, resume: args.resume, onProgress }).then(async (rows) => {
    const summaries = summarise(rows, labels, variants, scenario.source, process.cwd());
    const anyViolation = summaries.some((summary) => summary.seedsWithViolation > 0);
    if (args.json) process.stdout.write(`${JSON.stringify({ scenario: scenario.name, seeds: args.seeds, workers, variants: summaries }, null, 2)}\n`);
    else {
      const lines = [`sweep ${scenario.name}  seeds ${args.seeds}  ${workers} worker(s)`, '', formatSummaryTable(summaries), ''];
      for (const summary of summaries) {
        if (summary.failing.length === 0) continue;
        lines.push(`${summary.label}: failing seeds (${summary.failing.length})${summary.failing.length > 10 ? ', the first 10' : ''}:`);
        for (const entry of summary.failing.slice(0, 10)) lines.push(`  seed ${entry.seed} (${entry.invariants.join(', ')}): ${entry.replay}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (reportDirectory !== undefined) {
      const firstViolations = summaries.map((summary) => ({ label: summary.label, valuesS: rows.filter((row) => row.variant === summary.label && row.firstViolationUs !== null).map((row) => row.firstViolationUs! / 1e6) }));
      const files = renderSweepReport(await loadD3Node(), scenario.name, args.seeds, scenario.durationUs / 1e6, summaries, firstViolations);
      for (const [name, text] of Object.entries(files)) writeFileAtomically(join(reportDirectory, name), text);
      if (!args.json) process.stdout.write(`report    ${join(reportDirectory, 'index.html')} (results.jsonl beside it)\n`);
    }
    return anyViolation ? ExitStatus.violation : ExitStatus.ok;
  });
}
