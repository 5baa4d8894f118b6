// A binary min-heap of events ordered by (time, priority, insertion sequence), kept as parallel typed
// arrays (struct of arrays) so a sift moves three numbers and allocates nothing. The event queue keeps
// here what its timing wheel does not take: far-off events and those of other than normal priority.

import { assert } from '../errors.js';

const INITIAL_CAPACITY = 1024;

/** Key that breaks ties between events at the same time: priority first, then FIFO by sequence. */
export const SEQUENCE_LIMIT = 2 ** 47;
export function orderKey(priority: number, sequence: number): number {
  return priority * SEQUENCE_LIMIT + sequence;
}

export class EventHeap {
  private timeUs = new Float64Array(INITIAL_CAPACITY);
  private order = new Float64Array(INITIAL_CAPACITY);
  private slot = new Int32Array(INITIAL_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; only meaningful when size > 0. */
  peekTimeUs(): number {
    return this.timeUs[0];
  }

  /** Order key (priority, sequence) of the earliest event; only meaningful when size > 0. */
  peekOrder(): number {
    return this.order[0];
  }

  /** Slot of the earliest event; only meaningful when size > 0. */
  peekSlot(): number {
    return this.slot[0];
  }

  push(timeUs: number, order: number, slot: number): void {
    if (this.count === this.timeUs.length) this.grow();
    this.siftUp(this.count, timeUs, order, slot);
    this.count += 1;
  }

  /** Removes the earliest event and returns its slot. */
  pop(): number {
    assert(this.count > 0, 'pop from an empty event heap');
    const top = this.slot[0];
    this.count -= 1;
    const last = this.count;
    if (last > 0) this.refillRoot(this.timeUs[last], this.order[last], this.slot[last]);
    return top;
  }

  /**
   * Floyd's bottom-up refill: walk the hole at the root down to a leaf along the smaller children, then
   * sift the displaced last entry up from there (it almost always belongs near the bottom). The child is
   * chosen arithmetically, not by a branch: which child is smaller is a coin toss the CPU cannot predict,
   * and a mispredicted branch per level cost more than the whole comparison (about 1.35x on the hold model).
   */
  private refillRoot(timeUs: number, order: number, slot: number): void {
    const times = this.timeUs;
    const orders = this.order;
    const slots = this.slot;
    const count = this.count;
    let hole = 0;
    let child = 1;
    while (child < count) {
      const right = child + 1;
      const rightTime = times[right];
      const leftTime = times[child];
      // A missing right child (right === count) is the displaced entry's old place, still holding it. If
      // it is chosen, the hole ends there and the sift-up below moves the entry back to where it belongs.
      child += +(rightTime < leftTime) | (+(rightTime === leftTime) & +(orders[right] < orders[child]));
      times[hole] = times[child];
      orders[hole] = orders[child];
      slots[hole] = slots[child];
      hole = child;
      child = 2 * hole + 1;
    }
    this.siftUp(hole, timeUs, order, slot);
  }

  /** Drops every entry whose slot fails `keep`, then restores the heap (used to purge cancelled events). */
  retain(keep: (slot: number) => boolean): void {
    let kept = 0;
    for (let index = 0; index < this.count; index += 1) {
      if (!keep(this.slot[index])) continue;
      this.timeUs[kept] = this.timeUs[index];
      this.order[kept] = this.order[index];
      this.slot[kept] = this.slot[index];
      kept += 1;
    }
    this.count = kept;
    for (let index = (kept >> 1) - 1; index >= 0; index -= 1) {
      this.siftDown(index, this.timeUs[index], this.order[index], this.slot[index]);
    }
  }

  private siftUp(start: number, timeUs: number, order: number, slot: number): void {
    const times = this.timeUs;
    const orders = this.order;
    const slots = this.slot;
    let hole = start;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTime = times[parent];
      if (parentTime < timeUs || (parentTime === timeUs && orders[parent] < order)) break;
      times[hole] = parentTime;
      orders[hole] = orders[parent];
      slots[hole] = slots[parent];
      hole = parent;
    }
    times[hole] = timeUs;
    orders[hole] = order;
    slots[hole] = slot;
  }

  private siftDown(start: number, timeUs: number, order: number, slot: number): void {
    const times = this.timeUs;
    const orders = this.order;
    const slots = this.slot;
    const count = this.count;
    let hole = start;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= count) break;
      let childTime = times[child];
      const right = child + 1;
      if (right < count) {
        const rightTime = times[right];
        if (rightTime < childTime || (rightTime === childTime && orders[right] < orders[child])) {
          child = right;
          childTime = rightTime;
        }
      }
      if (timeUs < childTime || (timeUs === childTime && order < orders[child])) break;
      times[hole] = childTime;
      orders[hole] = orders[child];
      slots[hole] = slots[child];
      hole = child;
    }
    times[hole] = timeUs;
    orders[hole] = order;
    slots[hole] = slot;
  }

  private grow(): void {
    const capacity = this.timeUs.length * 2;
    const times = new Float64Array(capacity);
    const orders = new Float64Array(capacity);
    const slots = new Int32Array(capacity);
    times.set(this.timeUs);
    orders.set(this.order);
    slots.set(this.slot);
    this.timeUs = times;
    this.order = orders;
    this.slot = slots;
  }
}
