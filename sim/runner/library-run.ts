// The library's runScenario: a scenario, or its name or path, and the public options, checked in the
// library's own words (`options.seed: ...`). The CLI and the tests call run-scenario.ts, which has test hooks.

import { InputError } from '../errors.js';
import { TRACE_LEVELS, type TraceLevel, type TraceSink } from '../kernel/trace.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { ScenarioLoad } from '../scenario/scenario-input.js';
import type { Scenario } from '../scenario/scenario.js';
import { anything, checkOptions, nonEmptyString, oneOf, stringMap, wholeNumberFrom } from './library-options.js';
import { reproduceCommand as commandFor } from './reproduce.js';
import type { RunResult } from './run-result.js';
import { runScenario as runWithHooks } from './run-scenario.js';

export interface RunOptions {
  /** The root seed; overrides the scenario's. */
  readonly seed?: string | undefined;
  /** Variant values (`{ addressing: 'shared-range' }`); override the scenario's, key by key. */
  readonly variant?: Readonly<Record<string, string>> | undefined;
  /** How much a trace records: off (default without a sink), summary (default with one) or full. */
  readonly traceLevel?: TraceLevel | undefined;
  /** Where trace lines go (e.g. a MemoryTraceSink); without one nothing is written. */
  readonly traceSink?: TraceSink | undefined;
  /** Take a fingerprint checkpoint every this many events (default 10,000). */
  readonly checkpointEvery?: number | undefined;
  /** Stop the run after this many events (the result's stop reason says so). */
  readonly maxEvents?: number | undefined;
}

const RUN_OPTION_CHECKS = {
  seed: nonEmptyString,
  variant: stringMap,
  traceLevel: oneOf(TRACE_LEVELS),
  traceSink: anything,
  checkpointEvery: wholeNumberFrom(1),
  maxEvents: wholeNumberFrom(1),
};

/** A scenario, a built-in name or file path, or what the library's loadScenario / parseScenario returned. */
export type ScenarioInput = Scenario | string | ScenarioLoad;

/** The scenario itself: loaded if named, its problems thrown as one InputError if it could not be read. */
export function scenarioOf(scenario: ScenarioInput): Scenario {
  if (typeof scenario === 'string') return loadScenario(scenario);
  if (!('ok' in scenario)) return scenario;
  if (scenario.ok) return scenario.scenario;
  throw new InputError(scenario.errors.map((issue) => ({
    source: issue.file, path: issue.path, value: issue.value, expected: issue.expected, code: issue.code,
    location: issue.line === null ? undefined : `${issue.line}:${issue.column ?? 1}`,
  })));
}

/**
 * Runs a scenario once. Deterministic: the same scenario, seed and variant give the same result (except
 * `timings`, wall-clock figures). Bad input (an unknown scenario, variant key or option) throws an InputError.
 */
export function runScenario(scenario: ScenarioInput, options: RunOptions = {}): RunResult {
  checkOptions(options, RUN_OPTION_CHECKS);
  const { seed, variant, traceLevel, traceSink, checkpointEvery, maxEvents } = options;
  return runWithHooks(scenarioOf(scenario), { seed, variant, traceLevel, traceSink, checkpointEvery, maxEvents });
}

/** The command that replays a run (`npx mirrorsim run NAME --seed S --variant k=v ...`), paths relative to `cwd`. */
export function reproduceCommand(
  run: Pick<RunResult, 'source' | 'seed' | 'variant'>,
  cwd: string = process.cwd(),
): string {
  return commandFor(run.source, run.seed, run.variant, cwd);
}
