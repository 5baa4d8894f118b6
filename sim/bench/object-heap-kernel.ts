// A baseline for the benchmark only: the textbook kernel, a binary heap of event objects, doing the same
// work per event as the real kernel (ordering, fingerprint), so the two can be compared side by side.

import { Fingerprint, hashString } from '../kernel/fingerprint.js';
import { RandomStream } from '../kernel/random.js';
import type { HoldModelOptions } from './hold-model.js';

interface QueuedEvent {
  readonly timeUs: number;
  readonly sequence: number;
  readonly handler: () => void;
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

  schedule(delayUs: number, handler: () => void): void {
    const heap = this.heap;
    const event: QueuedEvent = { timeUs: this.nowUs + delayUs, sequence: this.sequence++, handler };
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
      top.handler();
    }
  }
}

export function runObjectHeapHoldModel(options: HoldModelOptions): number {
  const kernel = new ObjectHeapKernel();
  const stream = new RandomStream(options.seed, 'hold');
  const meanUs = options.meanDelayUs;
  const nextDelay = options.delay === 'exponential' ? () => stream.exponentialUs(meanUs) : () => meanUs;
  const hold = (): void => kernel.schedule(nextDelay(), hold);
  for (let process = 0; process < options.processCount; process += 1) kernel.schedule(nextDelay(), hold);
  kernel.run(options.eventCount, hashString('hold'));
  return kernel.eventCount;
}
