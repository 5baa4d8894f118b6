// `mirrorsim run`: one scenario, one seed; prints the verdict (or JSON) and the reproduce line on failure.

import { join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { DEFAULT_SCENARIO, loadScenario } from '../../scenario/load-scenario.js';
import { reproduceCommand } from '../../runner/reproduce.js';
import { runScenario, variantFor } from '../../runner/run-scenario.js';
import type { TraceLevel } from '../../kernel/trace.js';
import { parseVariantAssignments } from '../../variants.js';
import { AtomicFile, checkDirectory } from '../atomic-file.js';
import { type Comparison, compareVariants } from '../../runner/compare-variants.js';
import type { RunResult } from '../../runner/run-result.js';
import { writeRunReport } from '../../report/write-report.js';
import { ExitStatus } from '../exit-status.js';
import { formatComparison, formatResult } from '../print-result.js';
import { forStream } from '../terminal.js';
import type { Scenario } from '../../scenario/scenario.js';

export interface RunCommandArguments {
  readonly scenario?: string;
  readonly seed?: string;
  readonly variant: readonly string[];
  readonly trace?: string;
  readonly traceLevel: TraceLevel;
  readonly maxEvents?: number;
  readonly json: boolean;
  /** Write index.html, summary.json and summary.md (and timings.json) into this directory. */
  readonly report?: string;
}

export function runCommand(args: RunCommandArguments): number | Promise<number> {
  const scenario = loadScenario(args.scenario ?? DEFAULT_SCENARIO);
  const { values, issues } = parseVariantAssignments(args.variant, '--variant');
  if (issues.length > 0) throw new InputError(issues);
  if (args.seed !== undefined && args.seed === '') throw new InputError([{ source: '--seed', path: '', value: '""', expected: 'a non-empty seed' }]);
  if (args.maxEvents !== undefined && !(Number.isInteger(args.maxEvents) && args.maxEvents > 0)) {
    throw new InputError([{ source: '--max-events', path: '', value: String(args.maxEvents), expected: 'a positive whole number' }]);
  }
  if (args.trace !== undefined && resolve(args.trace) === scenario.source) {
    const expected = 'a file other than the scenario, which the trace would overwrite';
    throw new InputError([{ source: '--trace', path: '', value: JSON.stringify(args.trace), expected }]);
  }
  variantFor(scenario, values, undefined, '--variant'); // validate before any file is opened
  // A report directory that cannot be written fails now, not after the run (and nothing is made yet).
  if (args.report !== undefined) checkDirectory(resolve(args.report));
  if (scenario.compare !== undefined && args.variant.length === 0) return compareCommand(scenario, args);
  const traceFile = args.trace === undefined ? undefined : new AtomicFile(resolve(args.trace));
  let result;
  try {
    result = runScenario(scenario, { seed: args.seed, variant: values, traceLevel: args.traceLevel, traceSink: traceFile, maxEvents: args.maxEvents });
    traceFile?.commit();
  } catch (error) {
    traceFile?.abort();
    throw error;
  }
  const reproduce = reproduceCommand(scenario.source, result.seed, result.variant, process.cwd());
  if (args.json) process.stdout.write(`${JSON.stringify({ ...result, reproduce }, null, 2)}\n`);
  else process.stdout.write(`${forStream(formatResult(result, reproduce), process.stdout)}\n`);
  if (traceFile && !args.json) process.stdout.write(`trace     ${traceFile.path} (${args.traceLevel})\n`);
  const status = result.verdict === 'pass' ? ExitStatus.ok : ExitStatus.violation;
  return args.report === undefined ? status : writeReport(args.report, result, !args.json).then(() => status);
}

/** Writes a run report (library's writeRunReport: each file whole or not at all); wall times stay on the terminal. */
async function writeReport(directory: string, subject: RunResult | Comparison, announce: boolean): Promise<void> {
  const written = await writeRunReport(directory, subject);
  if (announce) process.stdout.write(`report    ${join(written.directory, 'index.html')}\n`);
}

/** A scenario with a `compare` list: each variant on the same seed, side by side; exit 0 when each verdict is the expected one. */
function compareCommand(scenario: Scenario, args: RunCommandArguments): number | Promise<number> {
  if (args.trace !== undefined) {
    throw new InputError([{ source: '--trace', path: '', value: args.trace, expected: `a single run: ${scenario.name} compares variants, so add --variant to pick one` }]);
  }
  const comparison = compareVariants(scenario, { seed: args.seed, maxEvents: args.maxEvents });
  const { runs, asExpected } = comparison;
  if (args.json) process.stdout.write(`${JSON.stringify({ scenario: scenario.name, asExpected, runs: runs.map((run) => ({ label: run.label, expect: run.expect, ...run.result, reproduce: run.reproduce })) }, null, 2)}\n`);
  else process.stdout.write(`${forStream(formatComparison(scenario.name, runs), process.stdout)}\n`);
  const status = asExpected ? ExitStatus.ok : ExitStatus.violation;
  return args.report === undefined ? status : writeReport(args.report, comparison, !args.json).then(() => status);
}
