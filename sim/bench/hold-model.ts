// The hold model, the classic event-set benchmark: N processes, each rescheduling itself after a random delay.

import { type EventKind, Kernel } from '../kernel/kernel.js';
import type { RandomStream } from '../kernel/random.js';

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
  /** Largest JS heap in use at a sample point (every 65,536 events), in bytes, garbage included. */
  readonly peakHeapUsedBytes: number;
}

/** The state the processes share; passed to each event as its payload, so no closure is made per run. */
class HoldState {
  peakPending = 0;
  peakHeapUsedBytes = 0;
  untilSample = 0;

  constructor(
    readonly kernel: Kernel,
    readonly stream: RandomStream,
    readonly kind: EventKind,
    readonly meanDelayUs: number,
    readonly exponential: boolean,
  ) {}

  nextDelayUs(): number {
    return this.exponential ? this.stream.exponentialUs(this.meanDelayUs) : this.meanDelayUs;
  }
}

/** One process's turn: hold for a delay, then run again. */
function hold(state: HoldState): void {
  const kernel = state.kernel;
  kernel.schedule(state.nextDelayUs(), state.kind, hold, state);
  state.untilSample -= 1;
  if (state.untilSample <= 0) {
    state.untilSample = 65_536;
    if (kernel.pendingCount > state.peakPending) state.peakPending = kernel.pendingCount;
    state.peakHeapUsedBytes = Math.max(state.peakHeapUsedBytes, process.memoryUsage().heapUsed);
  }
}

export function runHoldModel(options: HoldModelOptions): HoldModelOutcome {
  const kernel = new Kernel({ seed: options.seed });
  const state = new HoldState(kernel, kernel.random.stream('hold'), kernel.kind('hold'), options.meanDelayUs, options.delay === 'exponential');
  for (let process = 0; process < options.processCount; process += 1) kernel.schedule(state.nextDelayUs(), state.kind, hold, state);
  kernel.run({ maxEvents: options.eventCount });
  return { events: kernel.eventCount, finalTimeUs: kernel.nowUs, scheduleFingerprint: kernel.scheduleFingerprint, peakPending: state.peakPending, peakHeapUsedBytes: state.peakHeapUsedBytes };
}
