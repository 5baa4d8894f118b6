// The pending-event set, in total order (time, priority, insertion sequence): a timing wheel holds the
// normal-priority events due within its window, a binary heap holds the rest, and the next event is the
// earlier of the two fronts.
//
// Why the order is exact: the wheel gives its events in (time, sequence) order (one FIFO list per
// microsecond, appended in sequence order, all of normal priority); the heap gives its own in full order;
// merging two ordered streams by comparing their fronts on the full key gives the total order. An event
// never moves between the two. The wheel makes the common case O(1) where the heap is O(log n): on the
// hold model, about 1.5x (exponential delays) and 1.7x (constant) the events/s of the heap alone.

import { EventHeap, orderKey } from './event-heap.js';
import { TimingWheel } from './timing-wheel.js';

export { SEQUENCE_LIMIT } from './event-heap.js';

/** The priority the wheel takes (the kernel's `Priority.normal`); others always go to the heap. */
export const WHEEL_PRIORITY = 2;

export class EventQueue {
  private readonly wheel = new TimingWheel();
  private readonly heap = new EventHeap();
  /** Sequence number by slot, for events in the wheel: compared only when both fronts share a time. */
  private wheelSequence = new Float64Array(1024);

  get size(): number {
    return this.wheel.size + this.heap.size;
  }

  /** Time of the earliest event; only meaningful when size > 0. */
  peekTimeUs(): number {
    return this.wheelFirst() ? this.wheel.firstTimeUs() : this.heap.peekTimeUs();
  }

  /** Slot of the earliest event; only meaningful when size > 0. */
  peekSlot(): number {
    return this.wheelFirst() ? this.wheel.firstSlot() : this.heap.peekSlot();
  }

  /** Adds an event; `timeUs` must not be before the last popped event's time. */
  push(timeUs: number, priority: number, sequence: number, slot: number): void {
    if (priority === WHEEL_PRIORITY && this.wheel.fits(timeUs)) {
      if (slot >= this.wheelSequence.length) this.growSlots(slot);
      this.wheelSequence[slot] = sequence;
      this.wheel.push(timeUs, slot);
    } else {
      this.heap.push(timeUs, orderKey(priority, sequence), slot);
    }
  }

  /** Removes the earliest event and returns its slot. */
  pop(): number {
    if (this.wheelFirst()) return this.wheel.pop();
    const timeUs = this.heap.peekTimeUs();
    const slot = this.heap.pop();
    this.wheel.advanceTo(timeUs);
    return slot;
  }

  /** Drops every event whose slot fails `keep` (used to purge cancelled events). */
  retain(keep: (slot: number) => boolean): void {
    this.wheel.retain(keep);
    this.heap.retain(keep);
  }

  /** Whether the earliest event is the wheel's; false when the wheel is empty. */
  private wheelFirst(): boolean {
    const wheel = this.wheel;
    if (wheel.size === 0) return false;
    const heap = this.heap;
    if (heap.size === 0) return true;
    const wheelTimeUs = wheel.firstTimeUs();
    const heapTimeUs = heap.peekTimeUs();
    if (wheelTimeUs !== heapTimeUs) return wheelTimeUs < heapTimeUs;
    return orderKey(WHEEL_PRIORITY, this.wheelSequence[wheel.firstSlot()]) < heap.peekOrder();
  }

  private growSlots(slot: number): void {
    let capacity = this.wheelSequence.length * 2;
    while (capacity <= slot) capacity *= 2;
    const sequences = new Float64Array(capacity);
    sequences.set(this.wheelSequence);
    this.wheelSequence = sequences;
  }
}
