// Plain words for what a run did beyond its events: refused operator requests (apart from performed actions),
// and the phases past `duration` (the liveness phase to its deadline, then the drain). Shared by the terminal
// summary and the run report, so both say the same.

import { formatShortUs } from '../kernel/time.js';
import type { Refusal } from '../world/refusal-log.js';
import type { RunResult } from './run-result.js';

/** Every refusal of a run, in time order (a run has a volume or two systems, not both). */
export function refusalsOf(result: RunResult): readonly Refusal[] {
  return [...(result.geo?.refusals ?? []), ...(result.storage?.refusals ?? [])];
}

/** `detach x1, reattach x3`, or `none`. */
export function countsText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts).map(([name, count]) => `${name} x${count}`).join(', ') || 'none';
}

/** One refusal in a line: `5.000s detach refused: mirroring is synchronizing (asked at 4.9s)`. */
export function refusalText(refusal: Refusal): string {
  const request = refusal.request;
  const asked = request === null ? ' (a retry nobody asked for)'
    : request.atUs === refusal.timeUs ? '' : ` (${request.action} asked at ${formatShortUs(request.atUs)})`;
  return `${formatShortUs(refusal.timeUs)} ${refusal.action} refused: ${refusal.reason}${asked}`;
}

export interface RunPhase {
  readonly name: 'run' | 'liveness' | 'drain';
  readonly fromUs: number;
  readonly toUs: number;
  /** What happens in this phase, in a few words. */
  readonly what: string;
}

/**
 * The phases of a run in time order: the run to `duration`; with a liveness section, the liveness phase from
 * the heal to convergence or the deadline (past `duration` if it must); then the drain, where the applications
 * have stopped and work in flight may finish, to the run's end.
 */
export function phasesOf(result: RunResult): readonly RunPhase[] {
  const { durationUs, drainFromUs, simulatedUs } = result.durations;
  const phases: RunPhase[] = [];
  const liveness = result.liveness;
  const runEndUs = drainFromUs ?? simulatedUs;
  const runTo = Math.min(durationUs, runEndUs);
  if (liveness === null || liveness === undefined) {
    phases.push({ name: 'run', fromUs: 0, toUs: runTo, what: "faults and workload until the scenario's duration" });
  } else {
    phases.push({ name: 'run', fromUs: 0, toUs: Math.min(liveness.healUs, runTo), what: 'faults and workload' });
    const endUs = liveness.convergedAtUs ?? liveness.deadlineUs;
    const verdict = liveness.convergedAtUs === null ? `not converged by ${formatShortUs(liveness.deadlineUs)}`
      : `converged at ${formatShortUs(liveness.convergedAtUs)} (deadline ${formatShortUs(liveness.deadlineUs)})`;
    phases.push({ name: 'liveness', fromUs: liveness.healUs, toUs: endUs, what: `healed: ${verdict}` });
  }
  if (drainFromUs !== null && simulatedUs > drainFromUs) {
    phases.push({ name: 'drain', fromUs: drainFromUs, toUs: simulatedUs,
      what: 'applications stopped; work in flight finishes, then the final checks' });
  }
  return phases;
}

/** `120s duration + 3.021s drain (applications stopped) = 123.021s simulated`. */
export function extentText(result: RunResult): string {
  const { durationUs, drainFromUs, simulatedUs } = result.durations;
  const parts = [`${formatShortUs(durationUs)} duration`];
  if (drainFromUs !== null && drainFromUs > durationUs) {
    parts.push(`${formatShortUs(drainFromUs - durationUs)} liveness phase`);
  }
  if (drainFromUs !== null && simulatedUs > drainFromUs) {
    parts.push(`${formatShortUs(simulatedUs - drainFromUs)} drain (applications stopped)`);
  }
  return `${parts.join(' + ')} = ${formatShortUs(simulatedUs)} simulated`;
}
