// Exit statuses of the command line, in one place.

export const ExitStatus = {
  /** Every invariant held. */
  ok: 0,
  /** An invariant was violated. */
  violation: 1,
  /** Bad input or usage, or a file that could not be written (full disk, read-only, a file in the way). */
  badInput: 2,
  /** mirrorsim itself failed: a bug to report. */
  internalError: 3,
  /** A sweep stopped by Ctrl-C (SIGINT): 128 + 2, as a shell reports it. What was kept is printed. */
  interrupted: 130,
  /** A sweep stopped by SIGTERM (a scheduler's stop): 128 + 15. What was kept is printed. */
  terminated: 143,
} as const;
