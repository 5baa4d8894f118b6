// The timer port: how the logic under test asks for time. On a real machine a monotonic clock and
// timeouts; under simulation, the kernel's virtual clock.

export interface Timer {
  /** Microseconds since an arbitrary start; never goes back. */
  nowUs(): number;
  /** Calls `callback` once after `delayUs`; returns a cancel function. */
  after(delayUs: number, callback: () => void): () => void;
}
