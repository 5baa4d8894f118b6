// Human-readable rendering of a run's result for the terminal.

import { formatShortUs } from '../kernel/time.js';
import { describeViolation } from '../oracle/violations.js';
import type { RunResult } from '../runner/run-result.js';
import { countsText, extentText, refusalText, refusalsOf } from '../runner/run-phases.js';

const SHOWN_VIOLATIONS = 10;
/** Refusals listed with their reasons under the counts (the rest are in --json and the report). */
const SHOWN_REFUSALS = 5;

export function formatResult(result: RunResult, reproduce: string): string {
  const variant = Object.entries(result.variant).map(([key, value]) => `${key}=${value}`).join(' ') || '(none)';
  const lines = [
    `scenario  ${result.scenario}  seed ${result.seed}  variant ${variant}`,
    `stopped   ${result.stop.reason} at ${formatShortUs(result.stop.atUs)} after ${result.stop.eventCount} events`,
    `fingerprints  schedule ${result.fingerprints.schedule}  outcome ${result.fingerprints.outcome}`,
    `simulated ${extentText(result)}`,
    `actions   performed: ${countsText(result.counts.actions)}`,
  ];
  const unreached = Object.entries(result.probes).filter(([, count]) => count === 0).map(([name]) => name);
  if (unreached.length > 0) lines.push(`probes never reached: ${unreached.join(', ')}`);
  // Refused operator requests and skipped faults are outcomes, never violations: shown so a reader sees them.
  lines.push(...refusalLines(result));
  const skipped = (result.probes['fault.skippedBeyondRedundancy'] ?? 0) + (result.probes['fault.skippedNoDevice'] ?? 0);
  if (skipped > 0) lines.push(`skipped   ${skipped} fault(s) beyond the modelled redundancy or without a device`);
  const liveness = result.liveness;
  if (liveness !== null && liveness !== undefined) {
    const converged = liveness.convergedAtUs === null ? 'not converged' : `converged at ${formatShortUs(liveness.convergedAtUs)}`;
    const refused = liveness.actionRequestedAtUs === null ? '' : ', legal action not accepted';
    const action = liveness.actionAcceptedAtUs === null ? refused
      : `, legal action accepted at ${formatShortUs(liveness.actionAcceptedAtUs)}`;
    const window = `heal ${formatShortUs(liveness.healUs)}, deadline ${formatShortUs(liveness.deadlineUs)}`;
    lines.push(`liveness  ${window}: ${converged}${action}`);
  }
  if (result.verdict === 'pass') {
    lines.push('verdict   PASS: every invariant held');
  } else {
    const safety = result.violations.filter((violation) => violation.invariant !== 'liveness');
    const liveness = result.violations.filter((violation) => violation.invariant === 'liveness');
    const safetyCount = result.counts.safetyViolations ?? safety.length;
    const livenessCount = result.counts.livenessViolations ?? liveness.length;
    lines.push(`verdict   FAIL: ${safetyCount} safety violation(s), ${livenessCount} liveness violation(s)`);
    if (safety.length > 0) lines.push('safety');
    const indented = (violation: (typeof safety)[number]): string => `  ${describeViolation(violation).replace(/\n/g, '\n  ')}`;
    for (const violation of safety.slice(0, SHOWN_VIOLATIONS)) lines.push(indented(violation));
    if (safetyCount > SHOWN_VIOLATIONS) lines.push(`  ... and ${safetyCount - SHOWN_VIOLATIONS} more (see --json)`);
    if (liveness.length > 0) lines.push('liveness');
    for (const violation of liveness) lines.push(indented(violation));
    lines.push(`reproduce: ${reproduce}`);
  }
  lines.push(`wall time ${result.timings.wallMs.toFixed(0)} ms (${(result.timings.eventsPerWallS / 1e6).toFixed(2)} M events/s)`);
  return lines.join('\n');
}

/** Refused operator requests, counted by action, then the first few with their reasons. */
function refusalLines(result: RunResult): string[] {
  const refusals = refusalsOf(result);
  if (refusals.length === 0) return [];
  const requested = Object.values(result.counts.refused ?? {}).reduce((sum, count) => sum + count, 0);
  const unasked = refusals.length - requested;
  const retries = unasked === 0 ? '' : ` (and ${unasked} retry(s) nobody asked for)`;
  const lines = [`refused   ${requested} operator request(s): ${countsText(result.counts.refused ?? {})}${retries}`];
  for (const refusal of refusals.slice(0, SHOWN_REFUSALS)) lines.push(`            ${refusalText(refusal)}`);
  const more = refusals.length - SHOWN_REFUSALS;
  if (more > 0) lines.push(`            ... and ${more} more (see --json)`);
  return lines;
}

export interface ComparedRun {
  readonly label: string;
  readonly expect: 'pass' | 'fail';
  readonly result: RunResult;
  readonly reproduce: string;
}

/** Variants of one scenario side by side: verdicts, pointer resolutions by class, and whether each was expected. */
export function formatComparison(scenario: string, runs: readonly ComparedRun[]): string {
  const classes = ['ok', 'staleDetected', 'destroyedDetected', 'falseStale', 'foreign'];
  const header = ['', ...runs.map((run) => run.label)];
  // The keys the variants differ in (all but recovery when they differ in none), so the table fits 80 columns.
  const keys = Object.keys(runs[0]?.result.variant ?? {});
  const differing = keys.filter((key) => runs.some((run) => run.result.variant[key] !== runs[0].result.variant[key]));
  const shownKeys = differing.length > 0 ? differing : keys.filter((key) => key !== 'recovery');
  const rows: string[][] = [
    ['variant', ...runs.map((run) => Object.entries(run.result.variant).filter(([key]) => shownKeys.includes(key)).map(([key, value]) => `${key}=${value}`).join(' '))],
    ['verdict', ...runs.map((run) => `${run.result.verdict.toUpperCase()} (${run.result.counts.violations} violations)`)],
    ['expected', ...runs.map((run) => (run.result.verdict === run.expect ? `${run.expect}: yes` : `${run.expect}: NO`))],
    ['resolutions', ...runs.map(() => '')],
    ...classes.map((name) => [`  ${name}`, ...runs.map((run) => String(run.result.geo?.resolutions[name] ?? 0))]),
    ['refused requests', ...runs.map((run) => String(Object.values(run.result.counts.refused ?? {}).reduce((sum, count) => sum + count, 0)))],
    ['events', ...runs.map((run) => String(run.result.counts.events))],
    ['simulated', ...runs.map((run) => extentText(run.result).replace(/ = .*/, '').replace(' (applications stopped)', '').replace(' duration', ''))],
    ['wall time', ...runs.map((run) => `${run.result.timings.wallMs.toFixed(0)} ms`)],
  ];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: readonly string[]): string => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  const lines = [`scenario  ${scenario}  seed ${runs[0]?.result.seed ?? ''}`, '', line(header), ...rows.map(line), ''];
  for (const run of runs) {
    const refusals = refusalsOf(run.result);
    if (refusals.length > 0) lines.push(`${run.label}: refused`);
    for (const refusal of refusals.slice(0, SHOWN_REFUSALS)) lines.push(`  ${refusalText(refusal)}`);
    if (refusals.length > SHOWN_REFUSALS) lines.push(`  ... and ${refusals.length - SHOWN_REFUSALS} more (see --json)`);
    const first = run.result.violations[0];
    if (first !== undefined) lines.push(`${run.label}: first violation\n  ${describeViolation(first).replace(/\n/g, '\n  ')}`);
    if (run.result.verdict !== run.expect) lines.push(`${run.label} was expected to ${run.expect}; reproduce: ${run.reproduce}`);
  }
  const asExpected = runs.every((run) => run.result.verdict === run.expect);
  lines.push(asExpected ? 'verdict   AS EXPECTED: every variant gave its expected verdict' : 'verdict   UNEXPECTED: see above');
  return lines.join('\n');
}
