// Ctrl-C (SIGINT) or SIGTERM during a sweep: the workers stop, the runs under way are dropped, and the user is
// told how many finished runs were kept and the command that resumes the sweep; exit 130 or 143.

import { shellQuote } from '../../runner/reproduce.js';
import { ExitStatus } from '../exit-status.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The reason a sweep's abort signal carries when a signal stopped it. */
export class SweepInterrupted extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = 'SweepInterrupted';
  }
}

export function interruptedStatus(signal: StopSignal): number {
  return signal === 'SIGINT' ? ExitStatus.interrupted : ExitStatus.terminated;
}

/** Where signals arrive: the process (tests give an emitter of their own). */
export interface SignalSource {
  on(signal: StopSignal, handler: () => void): unknown;
  off(signal: StopSignal, handler: () => void): unknown;
}

/** Aborts `controller` on the first SIGINT or SIGTERM (a second one ends the process at once); returns the undo. */
export function abortOnStopSignals(controller: AbortController, source: SignalSource = process): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = (): void => {
      undo();
      controller.abort(new SweepInterrupted(signal));
    };
    source.on(signal, handler);
    return [signal, handler] as const;
  });
  const undo = (): void => {
    for (const [signal, handler] of handlers) source.off(signal, handler);
  };
  return undo;
}

export interface ResumeArguments {
  readonly scenario: string;
  readonly seeds: string;
  readonly variants?: string;
  readonly workers?: number;
  readonly shard?: string;
  readonly report?: string;
  readonly exitZeroOnViolations?: boolean;
}

/** The sweep command again, with --resume (or, without --report, with one so that runs are kept next time). */
export function resumeCommand(args: ResumeArguments): string {
  const parts = ['npx mirrorsim sweep', shellQuote(args.scenario), '--seeds', shellQuote(args.seeds)];
  if (args.variants !== undefined) parts.push('--variants', shellQuote(args.variants));
  if (args.workers !== undefined) parts.push('--workers', String(args.workers));
  if (args.shard !== undefined) parts.push('--shard', shellQuote(args.shard));
  parts.push('--report', args.report === undefined ? 'DIR' : shellQuote(args.report));
  if (args.report !== undefined) parts.push('--resume');
  if (args.exitZeroOnViolations === true) parts.push('--exit-zero-on-violations');
  return parts.join(' ');
}

/** The lines printed on stderr when a signal stopped a sweep. */
export function interruptionLines(
  signal: StopSignal,
  kept: number,
  total: number,
  resultsPath: string | undefined,
  command: string,
): string[] {
  const stopped = `mirrorsim: interrupted by ${signal}`;
  if (resultsPath === undefined) {
    return [`${stopped}: nothing was kept (no --report); to keep finished runs next time: ${command}`];
  }
  return [
    `${stopped}: ${kept} of ${total} runs are kept in ${resultsPath} (runs under way were dropped)`,
    `mirrorsim: resume with: ${command}`,
  ];
}
