// The matchers of `mirrorsim/vitest`, as plain functions (no vitest import): each judges a run, a sweep or a
// comparison and, when it fails, says why with the first violation's causal chain and the reproduce command.

import { formatShortUs } from '../kernel/time.js';
import { describeViolation, type Violation } from '../oracle/violations.js';
import type { Comparison } from '../runner/compare-variants.js';
import { reproduceCommand } from '../runner/library-run.js';
import type { RunResult } from '../runner/run-result.js';
import type { SweepResult } from '../sweep/library-sweep.js';

/** What vitest gives a matcher as `this` (the part these matchers read). */
export interface MatcherContext {
  readonly isNot: boolean;
}

export interface MatcherOutcome {
  readonly pass: boolean;
  readonly message: () => string;
}

/** How many failing seeds per variant a sweep's message lists. */
const LISTED_SEEDS = 5;

type Subject =
  | { readonly kind: 'run'; readonly run: RunResult }
  | { readonly kind: 'sweep'; readonly sweep: SweepResult }
  | { readonly kind: 'comparison'; readonly comparison: Comparison };

function subjectOf(received: unknown, matcher: string): Subject {
  const value = received as Record<string, unknown> | null;
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value.violations) && typeof value.verdict === 'string') {
      return { kind: 'run', run: value as unknown as RunResult };
    }
    if (Array.isArray(value.summaries) && Array.isArray(value.rows)) {
      return { kind: 'sweep', sweep: value as unknown as SweepResult };
    }
    if (Array.isArray(value.runs) && typeof value.asExpected === 'boolean') {
      return { kind: 'comparison', comparison: value as unknown as Comparison };
    }
  }
  throw new TypeError(`${matcher}: expected a result of runScenario, runSweep or compareVariants, got ${
    value === null ? 'null' : typeof value}`);
}

function refuse(matcher: string, kind: string, instead: string): never {
  throw new TypeError(`${matcher} does not judge a ${kind}: ${instead}`);
}

function runName(run: RunResult): string {
  const variant = Object.keys(run.variant).map((key) => `${key}=${run.variant[key]}`).join(' ');
  return `${run.scenario} seed ${run.seed} (${variant || 'no variant keys'})`;
}

function indent(text: string, by = '  '): string {
  return `${by}${text.replace(/\n/g, `\n${by}`)}`;
}

function reproduceLine(run: RunResult): string {
  return `reproduce: ${reproduceCommand(run)}`;
}

function chainLines(heading: string, violation: Violation | undefined): string[] {
  return violation === undefined ? [] : [`${heading}, with its causal chain:`, indent(describeViolation(violation))];
}

function countsByInvariant(run: RunResult): string {
  const counts = new Map<string, number>();
  for (const violation of run.violations) counts.set(violation.invariant, (counts.get(violation.invariant) ?? 0) + 1);
  return [...counts.keys()].sort().map((name) => `${counts.get(name)} ${name}`).join(', ');
}

function sweepName(sweep: SweepResult): string {
  return `sweep ${sweep.scenario.name} (seeds ${sweep.seedsLabel})`;
}

/** Failing seeds per variant (the first few), each with the command that replays it with its causal chain. */
function failingSeedLines(sweep: SweepResult, invariant?: string): string[] {
  const lines: string[] = [];
  for (const summary of sweep.summaries) {
    const failing = summary.failing.filter((entry) => invariant === undefined || entry.invariants.includes(invariant));
    if (failing.length === 0) continue;
    lines.push(`  ${summary.label}: ${failing.length} of ${summary.seedsRun} seeds`);
    for (const entry of failing.slice(0, LISTED_SEEDS)) {
      lines.push(`    seed ${entry.seed} (${entry.invariants.join(', ')}): ${entry.replay}`);
    }
    if (failing.length > LISTED_SEEDS) lines.push(`    ... and ${failing.length - LISTED_SEEDS} more`);
  }
  return lines;
}

function outcome(pass: boolean, failed: () => string[], negatedFailed: () => string[]): MatcherOutcome {
  return { pass, message: () => (pass ? negatedFailed() : failed()).join('\n') };
}

/** No violation at all, safety or liveness (a run), or no seed of any variant with one (a sweep). */
export function toHoldAllInvariants(this: MatcherContext, received: unknown): MatcherOutcome {
  const subject = subjectOf(received, 'toHoldAllInvariants');
  if (subject.kind === 'comparison') {
    refuse('toHoldAllInvariants', 'comparison', 'use toBeAsExpected(), or judge one of its runs[i].result');
  }
  if (subject.kind === 'sweep') {
    const sweep = subject.sweep;
    const failing = sweep.rows.filter((row) => row.verdict === 'fail').length;
    return outcome(failing === 0, () => [
      `expected ${sweepName(sweep)} to hold every invariant, but ${failing} of ${sweep.rows.length} runs broke one`,
      ...failingSeedLines(sweep),
      'replay a seed for its causal chain',
    ], () => [`expected ${sweepName(sweep)} to break an invariant, but all ${sweep.rows.length} runs held every one`]);
  }
  const run = subject.run;
  return outcome(run.counts.violations === 0, () => [
    `expected ${runName(run)} to hold every invariant, but it broke ${run.counts.violations}:`
      + ` ${countsByInvariant(run)}`,
    ...chainLines('first violation', run.violations[0]),
    reproduceLine(run),
  ], () => [
    `expected ${runName(run)} to break an invariant, but every invariant held over ${run.counts.events} events`,
    reproduceLine(run),
  ]);
}

/** No pointer resolved to another object than the one it was stored for (two-system runs and sweeps). */
export function toHaveNoForeignResolutions(this: MatcherContext, received: unknown): MatcherOutcome {
  const subject = subjectOf(received, 'toHaveNoForeignResolutions');
  if (subject.kind === 'comparison') {
    refuse('toHaveNoForeignResolutions', 'comparison', 'judge one of its runs[i].result');
  }
  if (subject.kind === 'sweep') {
    const sweep = subject.sweep;
    if (sweep.rows.every((row) => row.resolutions === null)) {
      refuse('toHaveNoForeignResolutions', 'sweep without pointers', `${sweep.scenario.name} has no two systems`);
    }
    const foreign = sweep.summaries.reduce((sum, summary) => sum + summary.foreign, 0);
    return outcome(foreign === 0, () => [
      `expected ${sweepName(sweep)} to have no foreign resolutions, but it had ${foreign}`,
      ...failingSeedLines(sweep, 'foreignResolution'),
      'replay a seed for its causal chain',
    ], () => [`expected ${sweepName(sweep)} to have a foreign resolution, but it had none`]);
  }
  const run = subject.run;
  if (run.geo === null) {
    refuse('toHaveNoForeignResolutions', 'run without pointers', `${run.scenario} has no two systems`);
  }
  const resolutions = run.geo.resolutions;
  const total = Object.values(resolutions).reduce((sum, count) => sum + count, 0);
  const first = run.violations.find((violation) => violation.invariant === 'foreignResolution');
  return outcome(resolutions.foreign === 0, () => [
    `expected ${runName(run)} to have no foreign resolutions, but ${resolutions.foreign} of ${total} were foreign`,
    ...chainLines('first foreign resolution', first),
    reproduceLine(run),
  ], () => [
    `expected ${runName(run)} to have a foreign resolution, but none of its ${total} resolutions was foreign`,
    reproduceLine(run),
  ]);
}

/** The liveness phase converged in time after the heal, with no liveness violation (runs with a phase). */
export function toBeLive(this: MatcherContext, received: unknown): MatcherOutcome {
  const subject = subjectOf(received, 'toBeLive');
  if (subject.kind !== 'run') refuse('toBeLive', subject.kind, 'judge a run of runScenario');
  const run = subject.run;
  const phase = run.liveness;
  if (phase === null || phase === undefined) {
    refuse('toBeLive', 'run without a liveness phase', `${run.scenario} has no \`liveness:\` section`);
  }
  const window = `healed at ${formatShortUs(phase.healUs)}, deadline ${formatShortUs(phase.deadlineUs)}`;
  const live = run.counts.livenessViolations === 0 && phase.convergedAtUs !== null;
  const first = run.violations.find((violation) => violation.invariant === 'liveness');
  return outcome(live, () => [
    `expected ${runName(run)} to be live (${window}), but ${phase.convergedAtUs === null ? 'it never converged'
      : `it broke liveness ${run.counts.livenessViolations} time(s)`}`,
    ...phase.conditions.filter((condition) => !condition.holds).map((condition) => `  not holding: ${condition.name}`),
    ...chainLines('first liveness violation', first),
    reproduceLine(run),
  ], () => [
    `expected ${runName(run)} not to be live, but it converged at ${formatShortUs(phase.convergedAtUs ?? 0)}`
      + ` (${window})`,
    reproduceLine(run),
  ]);
}

/** At least one violation (of `invariant`, when given): a flawed variant is caught. */
export function toViolate(this: MatcherContext, received: unknown, invariant?: string): MatcherOutcome {
  if (invariant !== undefined && (typeof invariant !== 'string' || invariant === '')) {
    throw new TypeError(`toViolate: expected an invariant name such as 'foreignResolution', got ${String(invariant)}`);
  }
  const what = invariant === undefined ? 'a violation' : `a ${invariant} violation`;
  const subject = subjectOf(received, 'toViolate');
  if (subject.kind === 'comparison') refuse('toViolate', 'comparison', 'judge one of its runs[i].result');
  if (subject.kind === 'sweep') {
    const sweep = subject.sweep;
    const hit = sweep.rows.filter((row) => row.verdict === 'fail'
      && (invariant === undefined || row.invariants.includes(invariant)));
    return outcome(hit.length > 0, () => [
      `expected ${sweepName(sweep)} to find ${what}, but none of its ${sweep.rows.length} runs did`,
    ], () => [
      `expected ${sweepName(sweep)} not to find ${what}, but ${hit.length} run(s) did`,
      ...failingSeedLines(sweep, invariant),
    ]);
  }
  const run = subject.run;
  const first = run.violations.find((violation) => invariant === undefined || violation.invariant === invariant);
  const others = countsByInvariant(run);
  return outcome(first !== undefined, () => [
    `expected ${runName(run)} to find ${what}, but ${others === '' ? 'every invariant held' : `it found ${others}`}`,
    reproduceLine(run),
  ], () => [
    `expected ${runName(run)} not to find ${what}, but it did`,
    ...chainLines('the first', first),
    reproduceLine(run),
  ]);
}

export interface ExpectedFingerprints {
  readonly schedule?: string;
  readonly outcome?: string;
}

/** The run's fingerprints equal the pinned ones (either or both): a behaviour change shows as a failure. */
export function toMatchFingerprints(
  this: MatcherContext, received: unknown, expected: ExpectedFingerprints,
): MatcherOutcome {
  const given = (['schedule', 'outcome'] as const).filter((name) => typeof expected?.[name] === 'string');
  if (given.length === 0) {
    const form = "{ schedule?: '...', outcome?: '...' }";
    throw new TypeError(`toMatchFingerprints: expected ${form} with at least one of them`);
  }
  const subject = subjectOf(received, 'toMatchFingerprints');
  if (subject.kind !== 'run') refuse('toMatchFingerprints', subject.kind, 'judge a run of runScenario');
  const run = subject.run;
  const differing = given.filter((name) => run.fingerprints[name] !== expected[name]);
  const onlySchedule = differing.length === 1 && differing[0] === 'schedule' && given.includes('outcome');
  return outcome(differing.length === 0, () => [
    `expected ${runName(run)} to keep its fingerprints, but ${differing.join(' and ')} changed:`,
    ...differing.map((name) => `  ${name}: expected ${expected[name]}, got ${run.fingerprints[name]}`),
    ...(onlySchedule ? ['  (the outcome is the same: only the order of scheduling changed)'] : []),
    reproduceLine(run),
  ], () => [`expected ${runName(run)} to change its fingerprints, but ${given.join(' and ')} matched`]);
}

/** Every compared variant gave its expected verdict (the problem caught, the fix clean). */
export function toBeAsExpected(this: MatcherContext, received: unknown): MatcherOutcome {
  const subject = subjectOf(received, 'toBeAsExpected');
  if (subject.kind !== 'comparison') refuse('toBeAsExpected', subject.kind, 'judge a result of compareVariants');
  const comparison = subject.comparison;
  const name = `${comparison.scenario.name} seed ${comparison.seed}`;
  const unexpected = comparison.runs.filter((run) => !run.asExpected);
  return outcome(comparison.asExpected, () => [
    `expected every variant of ${name} to give its expected verdict, but ${unexpected.length} did not:`,
    ...unexpected.flatMap((run) => [
      `  ${run.label}: expected ${run.expect}, got ${run.verdict}`
        + (run.verdict === 'fail' ? ` (${countsByInvariant(run.result)})` : ''),
      ...chainLines('  first violation', run.result.violations[0]).map((line) => `  ${line}`),
      `    reproduce: ${run.reproduce}`,
    ]),
  ], () => [`expected a variant of ${name} to give an unexpected verdict, but each gave its expected one`]);
}

export const mirrorsimMatchers = {
  toHoldAllInvariants, toHaveNoForeignResolutions, toBeLive, toViolate, toMatchFingerprints, toBeAsExpected,
};
