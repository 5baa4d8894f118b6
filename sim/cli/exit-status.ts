// Exit statuses of the command line, in one place, and the batch-system policy for a sweep that found violations.

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

/**
 * `sweep` and `merge` with `--exit-zero-on-violations`: a sweep that ran to the end and found violations exits 0
 * (its findings are in the output and the report), so a batch system's task state tells "ran" (0) from "failed"
 * (2, 3, 130, 143). Every other status is kept. Says on stderr when it turned a 1 into a 0.
 */
export function applyViolationPolicy(
  status: number,
  exitZeroOnViolations: boolean,
  command: string,
  writeNote: (line: string) => void = (line) => process.stderr.write(line),
): number {
  if (!exitZeroOnViolations || status !== ExitStatus.violation) return status;
  writeNote(`mirrorsim: ${command} found violations: exit 0, as --exit-zero-on-violations asks (1 without it)\n`);
  return ExitStatus.ok;
}
