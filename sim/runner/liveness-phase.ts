// Runs the kernel to a scenario's end, and with a liveness section through the liveness phase: the judge
// looks every LIVENESS_LOOK_US from the heal (its own kernel events) until it is settled or its deadline
// passes; the run goes past `duration` to that deadline when needed, with the applications still running.
// Without a liveness section: one plain run.

import type { Kernel, StopReason } from '../kernel/kernel.js';
import type { LivenessOracle } from '../oracle/liveness-oracle.js';

export function runToEnd(
  kernel: Kernel, durationUs: number, maxEvents: number | undefined, judge: LivenessOracle | undefined,
): StopReason {
  if (judge === undefined) return kernel.run({ untilUs: durationUs, maxEvents });
  judge.start();
  let reason = kernel.run({ untilUs: durationUs, maxEvents });
  // Events at `untilUs` itself do not run: one microsecond more lets the look at the deadline happen.
  if (reason !== 'eventBound' && !judge.done) reason = kernel.run({ untilUs: judge.deadlineUs + 1, maxEvents });
  if (reason !== 'eventBound' && !judge.done) judge.miss();
  return reason;
}
