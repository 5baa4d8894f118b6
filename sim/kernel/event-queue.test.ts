import { describe, expect, it } from 'vitest';
import { EventQueue, WHEEL_PRIORITY } from './event-queue.js';
import { Priority } from './kernel.js';
import { RandomStream } from './random.js';
import { WHEEL_US } from './timing-wheel.js';

interface Entry {
  readonly timeUs: number;
  readonly priority: number;
  readonly sequence: number;
  readonly slot: number;
}

const byOrder = (a: Entry, b: Entry): number => a.timeUs - b.timeUs || a.priority - b.priority || a.sequence - b.sequence;

/**
 * Drives the queue as the kernel does (times never before the last popped one, slots reused once popped)
 * with a random mix of operations, checking every pop against a sorted reference.
 */
function checkAgainstReference(seed: string, steps: number, delayUs: (stream: RandomStream) => number): number {
  const queue = new EventQueue();
  const stream = new RandomStream(seed, 'ops');
  let reference: Entry[] = [];
  const freeSlots: number[] = [];
  let slotCount = 0;
  let sequence = 0;
  let nowUs = 0;
  let popped = 0;
  for (let step = 0; step < steps; step += 1) {
    const roll = stream.uniform();
    if (reference.length === 0 || roll < 0.52) {
      const priority = stream.chance(0.8) ? WHEEL_PRIORITY : stream.integer(4);
      const slot = freeSlots.pop() ?? slotCount++;
      const entry = { timeUs: nowUs + delayUs(stream), priority, sequence, slot };
      sequence += 1;
      queue.push(entry.timeUs, entry.priority, entry.sequence, entry.slot);
      reference.push(entry);
    } else if (roll < 0.995) {
      reference.sort(byOrder);
      const expected = reference.shift()!;
      expect(queue.peekTimeUs()).toBe(expected.timeUs);
      expect(queue.peekSlot()).toBe(expected.slot);
      expect(queue.pop()).toBe(expected.slot);
      nowUs = expected.timeUs;
      freeSlots.push(expected.slot);
      popped += 1;
    } else {
      // Purge a random third, as the kernel purges cancelled events.
      const dropped = new Set(reference.filter(() => stream.chance(1 / 3)).map((entry) => entry.slot));
      queue.retain((slot) => !dropped.has(slot));
      reference = reference.filter((entry) => !dropped.has(entry.slot));
      freeSlots.push(...dropped);
    }
    expect(queue.size).toBe(reference.length);
  }
  return popped;
}

describe('EventQueue (timing wheel + heap)', () => {
  it("takes the kernel's normal priority on the wheel's fast path", () => {
    expect(WHEEL_PRIORITY).toBe(Priority.normal);
  });

  it('pops in (time, priority, sequence) order with many ties, near and far events and purges', () => {
    // Ties at one time, the near window, just beyond it, and far off: events of one time and priority
    // land in the heap (scheduled from far) and in the wheel (scheduled from near), and must stay FIFO.
    const delay = (stream: RandomStream): number => {
      const kind = stream.integer(5);
      if (kind === 0) return 0;
      if (kind === 1) return stream.integer(20);
      if (kind === 2) return stream.integer(WHEEL_US);
      if (kind === 3) return WHEEL_US - 5 + stream.integer(10);
      return stream.integer(10 * WHEEL_US);
    };
    expect(checkAgainstReference('queue-mixed', 40_000, delay)).toBeGreaterThan(15_000);
  });

  it('pops in order when time runs far past the window many times (index wrap-around, long idle gaps)', () => {
    const delay = (stream: RandomStream): number => (stream.chance(0.1) ? stream.integer(50 * WHEEL_US) : stream.integer(3 * WHEEL_US));
    expect(checkAgainstReference('queue-wrap', 40_000, delay)).toBeGreaterThan(15_000);
  });

  it('keeps FIFO between an event scheduled from far off and one scheduled later for the same time', () => {
    const queue = new EventQueue();
    const dueUs = 5 * WHEEL_US;
    queue.push(dueUs, WHEEL_PRIORITY, 0, 0); // far off: the heap
    queue.push(dueUs - 10, WHEEL_PRIORITY, 1, 1);
    queue.push(dueUs - 20, WHEEL_PRIORITY, 2, 2);
    expect(queue.pop()).toBe(2);
    expect(queue.pop()).toBe(1); // now 10 us before: the next one goes to the wheel
    queue.push(dueUs, WHEEL_PRIORITY, 3, 3);
    queue.push(dueUs, 1, 4, 4); // higher priority, same time: first
    expect([queue.pop(), queue.pop(), queue.pop()]).toEqual([4, 0, 3]);
    expect(queue.size).toBe(0);
  });
});
