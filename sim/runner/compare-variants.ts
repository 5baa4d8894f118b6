// Variants of one scenario on the same seed, side by side, as data: what `mirrorsim run` prints and the run
// report shows for a scenario with a `compare` list (the problem beside its fix), for a script or a test.

import { InputError, type InputIssue } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import type { LatencySummary } from './latency-histogram.js';
import { checkOptions, nonEmptyString, wholeNumberFrom } from './library-options.js';
import { type ScenarioInput, reproduceCommand, scenarioOf } from './library-run.js';
import type { RunResult, StorageResult } from './run-result.js';
import { runScenario, variantFor } from './run-scenario.js';

export interface VariantToCompare {
  readonly label: string;
  readonly variant: Readonly<Record<string, string>>;
  /** The verdict this variant should give (a flawed variant: fail). */
  readonly expect: 'pass' | 'fail';
}

export interface CompareOptions {
  /** The seed every variant runs with (default: the scenario's). */
  readonly seed?: string | undefined;
  /** The variants (default: the scenario's `compare` list). */
  readonly variants?: readonly VariantToCompare[] | undefined;
  readonly maxEvents?: number | undefined;
  /** Reproduce commands name files relative to this directory (default: the process's). */
  readonly cwd?: string | undefined;
}

/** One variant's column of the comparison. */
export interface ComparedRun {
  readonly label: string;
  readonly expect: 'pass' | 'fail';
  readonly verdict: 'pass' | 'fail';
  readonly asExpected: boolean;
  readonly variant: Readonly<Record<string, string>>;
  readonly violations: number;
  /** Violations by invariant name, names in order. */
  readonly violationsByInvariant: Readonly<Record<string, number>>;
  /** Pointer resolutions by class (two-system scenarios), else null. */
  readonly resolutions: Readonly<Record<string, number>> | null;
  /** Recoveries of the duplexed volume (volume scenarios), else null. */
  readonly recoveries: StorageResult['recoveries'] | null;
  readonly writeLatency: LatencySummary | null;
  readonly events: number;
  readonly fingerprints: { readonly schedule: string; readonly outcome: string };
  /** The first violation's invariant, time, message and causal chain, or null. */
  readonly firstViolation: RunResult['violations'][number] | null;
  readonly reproduce: string;
  /** The whole result of the run. */
  readonly result: RunResult;
}

export interface Comparison {
  readonly scenario: { readonly name: string; readonly description: string; readonly source: string };
  readonly seed: string;
  /** Every variant gave its expected verdict. */
  readonly asExpected: boolean;
  readonly runs: readonly ComparedRun[];
}

const COMPARE_OPTION_CHECKS = {
  seed: nonEmptyString,
  variants: (value: unknown) => (Array.isArray(value) && value.length > 0 ? undefined : 'a non-empty list of variants'),
  maxEvents: wholeNumberFrom(1),
  cwd: nonEmptyString,
};

function checkVariants(scenario: Scenario, variants: readonly VariantToCompare[], source: string): void {
  const issues: InputIssue[] = [];
  variants.forEach((entry, index) => {
    const at = `${source}[${index}]`;
    if (typeof entry?.label !== 'string' || entry.label === '') {
      issues.push({ source: at, path: 'label', value: JSON.stringify(entry?.label) ?? 'nothing', expected: 'a label' });
    }
    if (entry?.expect !== 'pass' && entry?.expect !== 'fail') {
      const value = JSON.stringify(entry?.expect) ?? 'nothing';
      issues.push({ source: at, path: 'expect', value, expected: '"pass" or "fail"' });
    }
    try {
      variantFor(scenario, entry?.variant ?? {}, undefined, `${at}.variant`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
  });
  if (issues.length > 0) throw new InputError(issues);
}

function byInvariant(result: RunResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const violation of result.violations) counts[violation.invariant] = (counts[violation.invariant] ?? 0) + 1;
  return Object.fromEntries(Object.keys(counts).sort().map((name) => [name, counts[name]]));
}

/**
 * Runs each variant on the same seed and sets them side by side. Without `variants`, the scenario's own
 * `compare` list (an InputError if it has none). Deterministic, like runScenario.
 */
export function compareVariants(scenarioOrName: ScenarioInput, options: CompareOptions = {}): Comparison {
  checkOptions(options, COMPARE_OPTION_CHECKS);
  const scenario = scenarioOf(scenarioOrName);
  const source = options.variants === undefined ? `${scenario.source}: compare` : 'options.variants';
  const variants = options.variants ?? scenario.compare;
  if (variants === undefined || variants.length === 0) {
    const expected = 'variants to compare: options.variants, or a scenario with a `compare` list';
    const issue = { source: 'options.variants', path: '', value: 'nothing', expected, code: 'OPTION_INVALID' };
    throw new InputError([issue]);
  }
  checkVariants(scenario, variants, source);
  const cwd = options.cwd ?? process.cwd();
  const runs = variants.map((entry): ComparedRun => {
    const result = runScenario(scenario, { seed: options.seed, variant: entry.variant, maxEvents: options.maxEvents });
    return {
      label: entry.label,
      expect: entry.expect,
      verdict: result.verdict,
      asExpected: result.verdict === entry.expect,
      variant: result.variant,
      violations: result.counts.violations,
      violationsByInvariant: byInvariant(result),
      resolutions: result.geo?.resolutions ?? null,
      recoveries: result.storage?.recoveries ?? null,
      writeLatency: result.geo?.writeLatency ?? result.storage?.writeLatency ?? null,
      events: result.counts.events,
      fingerprints: result.fingerprints,
      firstViolation: result.violations[0] ?? null,
      reproduce: reproduceCommand(result, cwd),
      result,
    };
  });
  return {
    scenario: { name: scenario.name, description: scenario.description, source: scenario.source },
    seed: runs[0].result.seed,
    asExpected: runs.every((run) => run.asExpected),
    runs,
  };
}
