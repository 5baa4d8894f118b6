// One line of a sweep's results.jsonl: what one (seed, variant) run found, with nothing wall-clock in it, so
// the same sweep gives the same lines whatever the worker count (once sorted).

import type { RunResult } from '../runner/run-result.js';

export interface SweepUnit {
  readonly seed: string;
  readonly variantIndex: number;
}

export interface SweepRow {
  readonly seed: string;
  readonly variant: string;
  readonly verdict: 'pass' | 'fail';
  readonly violations: number;
  readonly invariants: readonly string[];
  readonly firstViolationUs: number | null;
  readonly resolutions: Readonly<Record<string, number>> | null;
  readonly events: number;
  readonly fingerprints: { readonly schedule: string; readonly outcome: string };
  /** Declared coverage probes this run never reached, by name (absent in rows written before it existed). */
  readonly probesUnreached?: readonly string[];
}

export function rowOf(result: RunResult, variantLabel: string): SweepRow {
  return {
    seed: result.seed,
    variant: variantLabel,
    verdict: result.verdict,
    violations: result.counts.violations,
    invariants: [...new Set(result.violations.map((violation) => violation.invariant))].sort(),
    firstViolationUs: result.violations[0]?.timeUs ?? null,
    resolutions: result.geo?.resolutions ?? null,
    events: result.counts.events,
    fingerprints: result.fingerprints,
    probesUnreached: Object.keys(result.probes).filter((name) => result.probes[name] === 0).sort(),
  };
}

/** Identifies one (seed, variant) run of a sweep. */
export function unitKey(seed: string, variantLabel: string): string {
  return `${seed}\u0000${variantLabel}`;
}

/** Canonical key order, so lines compare byte for byte. */
export function rowLine(row: SweepRow): string {
  return JSON.stringify({
    seed: row.seed, variant: row.variant, verdict: row.verdict, violations: row.violations, invariants: row.invariants,
    firstViolationUs: row.firstViolationUs, resolutions: row.resolutions, events: row.events, fingerprints: row.fingerprints,
    probesUnreached: row.probesUnreached,
  });
}
