// `mirrorsim run`: one scenario, one seed; prints the verdict (or JSON) and the reproduce line on failure.

import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { DEFAULT_SCENARIO, loadScenario } from '../../scenario/load-scenario.js';
import { reproduceCommand } from '../../runner/reproduce.js';
import { runScenario, variantFor } from '../../runner/run-scenario.js';
import type { TraceLevel } from '../../kernel/trace.js';
import { parseVariantAssignments } from '../../variants.js';
import { AtomicFile } from '../atomic-file.js';
import { ExitStatus } from '../exit-status.js';
import { formatResult } from '../print-result.js';

export interface RunCommandArguments {
  readonly scenario?: string;
  readonly seed?: string;
  readonly variant: readonly string[];
  readonly trace?: string;
  readonly traceLevel: TraceLevel;
  readonly maxEvents?: number;
  readonly json: boolean;
}

export function runCommand(args: RunCommandArguments): number {
  const scenario = loadScenario(args.scenario ?? DEFAULT_SCENARIO);
  const { values, issues } = parseVariantAssignments(args.variant);
  if (issues.length > 0) throw new InputError(issues);
  if (args.seed !== undefined && args.seed === '') throw new InputError([{ source: '--seed', path: '', value: '""', expected: 'a non-empty seed' }]);
  if (args.maxEvents !== undefined && !(Number.isInteger(args.maxEvents) && args.maxEvents > 0)) {
    throw new InputError([{ source: '--max-events', path: '', value: String(args.maxEvents), expected: 'a positive whole number' }]);
  }
  variantFor(scenario, values); // validate before any file is opened
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
  else process.stdout.write(`${formatResult(result, reproduce)}\n`);
  if (traceFile && !args.json) process.stdout.write(`trace     ${traceFile.path} (${args.traceLevel})\n`);
  return result.verdict === 'pass' ? ExitStatus.ok : ExitStatus.violation;
}
