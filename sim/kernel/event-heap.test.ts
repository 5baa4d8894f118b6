import { describe, expect, it } from 'vitest';
import { EventHeap, orderKey } from './event-heap.js';
import { RandomStream } from './random.js';

describe('EventHeap', () => {
  it('pops in (time, priority, sequence) order, matching a reference sort over many random pushes and pops', () => {
    const queue = new EventHeap();
    const stream = new RandomStream('queue-test', 'ops');
    const reference: { timeUs: number; order: number; slot: number }[] = [];
    let sequence = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let step = 0; step < 20_000; step += 1) {
      if (reference.length === 0 || stream.chance(0.55)) {
        const entry = { timeUs: stream.integer(50), order: orderKey(stream.integer(3), sequence), slot: sequence };
        sequence += 1;
        queue.push(entry.timeUs, entry.order, entry.slot);
        reference.push(entry);
      } else {
        reference.sort((a, b) => a.timeUs - b.timeUs || a.order - b.order);
        expected.push(reference.shift()!.slot);
        popped.push(queue.pop());
      }
    }
    expect(popped.length).toBeGreaterThan(5_000);
    expect(popped).toEqual(expected);
    expect(queue.size).toBe(reference.length);
  });

  it('pops in order from a large heap of widely spread times (every sift path, missing right children)', () => {
    const queue = new EventHeap();
    const stream = new RandomStream('queue-test', 'wide');
    let nowUs = 0;
    let sequence = 0;
    for (; sequence < 2_000; sequence += 1) queue.push(stream.integer(1_000_000), orderKey(2, sequence), sequence);
    for (let step = 0; step < 50_000; step += 1) {
      const timeUs = queue.peekTimeUs();
      expect(timeUs).toBeGreaterThanOrEqual(nowUs);
      nowUs = timeUs;
      const slot = queue.pop();
      // The heap grows and shrinks between about 1,000 and 3,000 entries.
      const pushes = queue.size < 1_000 ? 2 : queue.size > 3_000 ? 0 : stream.integer(3);
      for (let push = 0; push < pushes; push += 1) queue.push(nowUs + stream.integer(1_000_000), orderKey(2, sequence++), slot);
    }
    let previous = nowUs;
    while (queue.size > 0) {
      expect(queue.peekTimeUs()).toBeGreaterThanOrEqual(previous);
      previous = queue.peekTimeUs();
      queue.pop();
    }
  });

  it('is FIFO for equal time and priority', () => {
    const queue = new EventHeap();
    for (let slot = 0; slot < 100; slot += 1) queue.push(7, orderKey(2, slot), slot);
    const order = Array.from({ length: 100 }, () => queue.pop());
    expect(order).toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it('retain drops the rejected entries and keeps heap order', () => {
    const queue = new EventHeap();
    for (let slot = 0; slot < 3000; slot += 1) queue.push((slot * 7919) % 1000, orderKey(2, slot), slot);
    queue.retain((slot) => slot % 3 !== 0);
    expect(queue.size).toBe(2000);
    let previous = -1;
    for (let index = 0; index < 2000; index += 1) {
      const time = queue.peekTimeUs();
      const slot = queue.pop();
      expect(slot % 3).not.toBe(0);
      expect(time).toBeGreaterThanOrEqual(previous);
      previous = time;
    }
  });

  it('refuses to pop when empty', () => {
    expect(() => new EventHeap().pop()).toThrow(/empty/);
  });
});
