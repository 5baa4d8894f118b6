// `mirrorsim run`: one scenario, one seed; prints the verdict (or JSON) and the reproduce line on failure.

import { join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { DEFAULT_SCENARIO, loadScenario } from '../../scenario/load-scenario.js';
import { reproduceCommand } from '../../runner/reproduce.js';
import { runScenario, variantFor } from '../../runner/run-scenario.js';
import type { TraceLevel } from '../../kernel/trace.js';
import { parseVariantAssignments } from '../../variants.js';
import { AtomicFile, checkDirectory, writeFileAtomically } from '../atomic-file.js';
import { type ReportRun, loadD3Node, renderRunReport } from '../../report/run-report.js';
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
  const { values, issues } = parseVariantAssignments(args.variant);
  if (issues.length > 0) throw new InputError(issues);
  if (args.seed !== undefined && args.seed === '') throw new InputError([{ source: '--seed', path: '', value: '""', expected: 'a non-empty seed' }]);
  if (args.maxEvents !== undefined && !(Number.isInteger(args.maxEvents) && args.maxEvents > 0)) {
    throw new InputError([{ source: '--max-events', path: '', value: String(args.maxEvents), expected: 'a positive whole number' }]);
  }
  if (args.trace !== undefined && resolve(args.trace) === scenario.source) {
    const expected = 'a file other than the scenario, which the trace would overwrite';
    throw new InputError([{ source: '--trace', path: '', value: JSON.stringify(args.trace), expected }]);
  }
  variantFor(scenario, values); // validate before any file is opened
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
  return args.report === undefined ? status : writeReport(args.report, scenario, [{ label: 'run', result, reproduce }], !args.json).then(() => status);
}

/** Renders and writes a run report; every file is written whole or not at all. Wall times stay on the terminal. */
async function writeReport(directory: string, scenario: Scenario, runs: readonly ReportRun[], announce: boolean): Promise<void> {
  const D3Node = await loadD3Node();
  const files = renderRunReport(D3Node, scenario, runs);
  const root = resolve(directory);
  for (const [name, text] of Object.entries(files)) writeFileAtomically(join(root, name), text);
  if (announce) process.stdout.write(`report    ${join(root, 'index.html')}\n`);
}

/** A scenario with a `compare` list: each variant on the same seed, side by side; exit 0 when each verdict is the expected one. */
function compareCommand(scenario: Scenario, args: RunCommandArguments): number | Promise<number> {
  if (args.trace !== undefined) {
    throw new InputError([{ source: '--trace', path: '', value: args.trace, expected: `a single run: ${scenario.name} compares variants, so add --variant to pick one` }]);
  }
  const runs = (scenario.compare ?? []).map((entry) => {
    for (const issue of variantIssues(scenario, entry.variant)) throw new InputError([issue]);
    const result = runScenario(scenario, { seed: args.seed, variant: entry.variant, maxEvents: args.maxEvents });
    const reproduce = reproduceCommand(scenario.source, result.seed, result.variant, process.cwd());
    return { label: entry.label, expect: entry.expect, result, reproduce };
  });
  const asExpected = runs.every((run) => run.result.verdict === run.expect);
  if (args.json) process.stdout.write(`${JSON.stringify({ scenario: scenario.name, asExpected, runs: runs.map((run) => ({ label: run.label, expect: run.expect, ...run.result, reproduce: run.reproduce })) }, null, 2)}\n`);
  else process.stdout.write(`${forStream(formatComparison(scenario.name, runs), process.stdout)}\n`);
  const status = asExpected ? ExitStatus.ok : ExitStatus.violation;
  return args.report === undefined ? status : writeReport(args.report, scenario, runs, !args.json).then(() => status);
}

function variantIssues(scenario: Scenario, variant: Readonly<Record<string, string>>) {
  try {
    variantFor(scenario, variant);
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((issue) => ({ ...issue, source: `${scenario.source}: compare` }));
    throw error;
  }
}
