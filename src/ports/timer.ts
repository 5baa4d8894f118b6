// The timer port: how the logic under test asks for time. On a real machine a monotonic clock and
// timeouts; under simulation, the kernel's virtual clock.

/**
 * A clock and timeouts. What it promises, and nothing more:
 * - `nowUs` never goes back (monotonic, whole microseconds); it does not advance within one callback.
 * - `after(delayUs)` calls back once, no earlier than `delayUs` after the call (possibly later), never
 *   from inside the call itself; `delayUs` is a non-negative whole number.
 * - The cancel function is idempotent: calling it again, or after the callback ran, does nothing; after
 *   it returns, the callback will not run.
 * - Two callbacks due at the same time run in an unspecified order (even if one implementation happens to
 *   run them in the order they were asked for).
 * - A crash of the system ends its timers: callbacks still pending never run.
 */
export interface Timer {
  /** Microseconds since an arbitrary start; never goes back. */
  nowUs(): number;
  /** Calls `callback` once after `delayUs`; returns a cancel function. */
  after(delayUs: number, callback: () => void): () => void;
}
