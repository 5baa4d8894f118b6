// Human-readable rendering of a run's result for the terminal.

import { formatShortUs } from '../kernel/time.js';
import { describeViolation } from '../oracle/violations.js';
import type { RunResult } from '../runner/run-result.js';

const SHOWN_VIOLATIONS = 10;

export function formatResult(result: RunResult, reproduce: string): string {
  const variant = Object.entries(result.variant).map(([key, value]) => `${key}=${value}`).join(' ') || '(none)';
  const actions = Object.entries(result.counts.actions).map(([name, count]) => `${name} x${count}`).join(', ') || 'none';
  const lines = [
    `scenario  ${result.scenario}  seed ${result.seed}  variant ${variant}`,
    `stopped   ${result.stop.reason} at ${formatShortUs(result.stop.atUs)} after ${result.stop.eventCount} events`,
    `fingerprints  schedule ${result.fingerprints.schedule}  outcome ${result.fingerprints.outcome}`,
    `actions   ${actions}`,
  ];
  const unreached = Object.entries(result.probes).filter(([, count]) => count === 0).map(([name]) => name);
  if (unreached.length > 0) lines.push(`probes never reached: ${unreached.join(', ')}`);
  if (result.verdict === 'pass') {
    lines.push('verdict   PASS: every invariant held');
  } else {
    lines.push(`verdict   FAIL: ${result.counts.violations} violation(s)`);
    for (const violation of result.violations.slice(0, SHOWN_VIOLATIONS)) lines.push(`  ${describeViolation(violation).replace(/\n/g, '\n  ')}`);
    if (result.counts.violations > SHOWN_VIOLATIONS) lines.push(`  ... and ${result.counts.violations - SHOWN_VIOLATIONS} more (see --json)`);
    lines.push(`reproduce: ${reproduce}`);
  }
  lines.push(`wall time ${result.timings.wallMs.toFixed(0)} ms (${(result.timings.eventsPerWallS / 1e6).toFixed(2)} M events/s)`);
  return lines.join('\n');
}
