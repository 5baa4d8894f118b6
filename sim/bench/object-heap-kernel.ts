// A baseline for the benchmark only: the textbook kernel, a binary heap of event objects, doing the same
// work per event as the real kernel (ordering, fingerprint, handler and payload), so the two can be
// compared side by side. A test checks that both run the same events in the same order.

import { Fingerprint, hashString } from '../kernel/fingerprint.js';
import { RandomStream } from '../kernel/random.js';
import type { HoldModelOptions } from './hold-model.js';

type Handler = (payload: any) => void;

interface QueuedEvent {
  readonly timeUs: number;
  readonly sequence: number;
  readonly handler: Handler;
  readonly payload: unknown;
}

function earlier(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.sequence < b.sequence);
}

class ObjectHeapKernel {
  nowUs = 0;
  eventCount = 0;
  readonly fingerprint = new Fingerprint();
  private readonly heap: QueuedEvent[] = [];
  private sequence = 0;

  schedule(delayUs: number, handler: Handler, payload: unknown): void {
    const heap = this.heap;
    const event: QueuedEvent = { timeUs: this.nowUs + delayUs, sequence: this.sequence++, handler, payload };
    let hole = heap.length;
    heap.push(event);
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      if (!earlier(event, heap[parent])) break;
      heap[hole] = heap[parent];
      hole = parent;
    }
    heap[hole] = event;
  }

  run(maxEvents: number, kindHash: number): void {
    const heap = this.heap;
    while (heap.length > 0 && this.eventCount < maxEvents) {
      const top = heap[0];
      const last = heap.pop() as QueuedEvent;
      if (heap.length > 0) {
        let hole = 0;
        for (;;) {
          let child = 2 * hole + 1;
          if (child >= heap.length) break;
          if (child + 1 < heap.length && earlier(heap[child + 1], heap[child])) child += 1;
          if (!earlier(heap[child], last)) break;
          heap[hole] = heap[child];
          hole = child;
        }
        heap[hole] = last;
      }
      this.nowUs = top.timeUs;
      this.eventCount += 1;
      this.fingerprint.addEvent(kindHash, top.timeUs);
      top.handler(top.payload);
    }
  }
}

/** The same shared state and handler shape as the real hold model (see hold-model.ts). */
class BaselineHoldState {
  constructor(
    readonly kernel: ObjectHeapKernel,
    readonly stream: RandomStream,
    readonly meanDelayUs: number,
    readonly exponential: boolean,
  ) {}

  nextDelayUs(): number {
    return this.exponential ? this.stream.exponentialUs(this.meanDelayUs) : this.meanDelayUs;
  }
}

function hold(state: BaselineHoldState): void {
  state.kernel.schedule(state.nextDelayUs(), hold, state);
}

/** Runs the hold model on the baseline; returns its schedule fingerprint, equal to the real kernel's. */
export function runObjectHeapHoldModel(options: HoldModelOptions): string {
  const kernel = new ObjectHeapKernel();
  const state = new BaselineHoldState(kernel, new RandomStream(options.seed, 'hold'), options.meanDelayUs, options.delay === 'exponential');
  for (let process = 0; process < options.processCount; process += 1) kernel.schedule(state.nextDelayUs(), hold, state);
  kernel.run(options.eventCount, hashString('hold'));
  return kernel.fingerprint.hex();
}
