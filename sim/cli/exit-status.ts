// Exit statuses of the command line, in one place.

export const ExitStatus = {
  /** Every invariant held. */
  ok: 0,
  /** An invariant was violated. */
  violation: 1,
  /** Bad input or usage. */
  badInput: 2,
  /** mirrorsim itself failed: a bug to report. */
  internalError: 3,
} as const;
