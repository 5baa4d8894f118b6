// Assertions on the logic's own invariants (a leaf: no imports). A failure is a bug in src/, never an
// expected fault; under simulation the runner turns it into an `assertion` violation with seed and event.

/** A broken invariant of the logic under test. `code` is stable, for tools that sort failures. */
export class LogicAssertionError extends Error {
  readonly code = 'MIRRORSIM_LOGIC_ASSERTION';

  constructor(message: string) {
    super(message);
    this.name = 'LogicAssertionError';
  }
}

/** Assert one condition (split them: one `assert` per fact). `detail` is rendered only on failure. */
export function assert(condition: boolean, message: string, detail?: number | string): asserts condition {
  if (!condition) throw new LogicAssertionError(detail === undefined ? message : `${message} (got ${detail})`);
}

/** `value` is a safe integer in [0, limit): for encoded fields, indexes and counters. */
export function assertIndex(value: number, limit: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new LogicAssertionError(`${what} is not a safe integer (got ${value})`);
  if (value < 0) throw new LogicAssertionError(`${what} is negative (got ${value})`);
  if (!(value < limit)) throw new LogicAssertionError(`${what} is not below ${limit} (got ${value})`);
}

/** `value` is a safe integer, non-negative: for encoded tokens and sequence numbers. */
export function assertSafeCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new LogicAssertionError(`${what} is not a safe integer (got ${value})`);
  if (value < 0) throw new LogicAssertionError(`${what} is negative (got ${value})`);
}
