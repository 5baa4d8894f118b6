// The hold model, the classic event-set benchmark: N processes, each rescheduling itself after a random delay.

import { Kernel } from '../kernel/kernel.js';

export type HoldDelay = 'exponential' | 'constant';

export interface HoldModelOptions {
  readonly processCount: number;
  readonly eventCount: number;
  readonly delay: HoldDelay;
  readonly meanDelayUs: number;
  readonly seed: string;
}

export interface HoldModelOutcome {
  readonly events: number;
  readonly finalTimeUs: number;
  readonly scheduleFingerprint: string;
  /** Largest number of pending events seen at a sample point: the memory bound. */
  readonly peakPending: number;
}

export function runHoldModel(options: HoldModelOptions): HoldModelOutcome {
  const kernel = new Kernel({ seed: options.seed });
  const stream = kernel.random.stream('hold');
  const kind = kernel.kind('hold');
  const meanUs = options.meanDelayUs;
  let peakPending = 0;
  let untilSample = 0;
  const nextDelay = options.delay === 'exponential' ? () => stream.exponentialUs(meanUs) : () => meanUs;
  const hold = (): void => {
    kernel.schedule(nextDelay(), kind, hold);
    untilSample -= 1;
    if (untilSample <= 0) {
      untilSample = 65_536;
      if (kernel.pendingCount > peakPending) peakPending = kernel.pendingCount;
    }
  };
  for (let process = 0; process < options.processCount; process += 1) kernel.schedule(nextDelay(), kind, hold);
  kernel.run({ maxEvents: options.eventCount });
  return { events: kernel.eventCount, finalTimeUs: kernel.nowUs, scheduleFingerprint: kernel.scheduleFingerprint, peakPending };
}
