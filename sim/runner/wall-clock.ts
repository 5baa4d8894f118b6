// The one place a run reads the wall clock (as SimPy keeps it in rt.py). Its readings go only into the
// result's `timings`, never into a trace, a fingerprint or a verdict.

export function wallClockMs(): number {
  return performance.now();
}
