// A timing wheel: one FIFO list of events per microsecond over a window of WHEEL_US microseconds that
// starts at the time of the last event run, with a two-level occupancy bitmap to find the next non-empty
// microsecond. Adding and removing an event is O(1); events come out in (time, insertion) order.

import { assert } from '../errors.js';

/** Width of the window, in microseconds: events due sooner than this after the last event can go here. */
export const WHEEL_US = 2 ** 16;
const INDEX_MASK = WHEEL_US - 1;
const WORDS = WHEEL_US >>> 5;
const SUMMARY_WORDS = WORDS >>> 5;
const NONE = -1;

/** Index of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

export class TimingWheel {
  /** First and last slot of each microsecond's list, by index (time modulo WHEEL_US); NONE when empty. */
  private readonly heads = new Int32Array(WHEEL_US).fill(NONE);
  private readonly tails = new Int32Array(WHEEL_US);
  /** Bit per index: its list is not empty. And bit per word of that: the word is not zero. */
  private readonly occupied = new Int32Array(WORDS);
  private readonly occupiedWords = new Int32Array(SUMMARY_WORDS);
  /** Next slot in the same list, by slot. */
  private next = new Int32Array(1024);
  // [window start, time of the first event]. In a Float64Array: times are doubles, and a double object
  // field would be boxed.
  private readonly timesUs = new Float64Array(2);
  /** Index of the window start (its time modulo WHEEL_US) and of the first event's list. */
  private startIndex = 0;
  private firstIndex = NONE;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Whether an event at this time (not before the window start) falls in the window. */
  fits(timeUs: number): boolean {
    return timeUs - this.timesUs[0] < WHEEL_US;
  }

  /** Time of the first event; only meaningful when size > 0. */
  firstTimeUs(): number {
    return this.timesUs[1];
  }

  /** Slot of the first event; only meaningful when size > 0. */
  firstSlot(): number {
    return this.heads[this.firstIndex];
  }

  /** Appends an event to its microsecond's list; the caller checked fits(timeUs). */
  push(timeUs: number, slot: number): void {
    if (slot >= this.next.length) this.growSlots(slot);
    const index = (this.startIndex + (timeUs - this.timesUs[0])) & INDEX_MASK;
    this.next[slot] = NONE;
    // The tail is read only for a list already holding events: most pushes open an empty one.
    if (this.heads[index] === NONE) {
      this.heads[index] = slot;
      const word = index >>> 5;
      if (this.occupied[word] === 0) this.occupiedWords[word >>> 5] |= 1 << (word & 31);
      this.occupied[word] |= 1 << (index & 31);
    } else {
      this.next[this.tails[index]] = slot;
    }
    this.tails[index] = slot;
    if (this.count === 0 || timeUs < this.timesUs[1]) {
      this.firstIndex = index;
      this.timesUs[1] = timeUs;
    }
    this.count += 1;
  }

  /** Removes the first event and returns its slot; the window then starts at its time. */
  pop(): number {
    assert(this.count > 0, 'pop from an empty timing wheel');
    const index = this.firstIndex;
    const slot = this.heads[index];
    const following = this.next[slot];
    this.heads[index] = following;
    this.count -= 1;
    this.timesUs[0] = this.timesUs[1];
    this.startIndex = index;
    if (following === NONE) {
      this.clearIndex(index);
      if (this.count > 0) this.findFirst();
    }
    return slot;
  }

  /** Moves the window start forward to a time not after the first event (an event run from elsewhere). */
  advanceTo(timeUs: number): void {
    // `&` takes its operand modulo 2^32, a multiple of WHEEL_US, so this is exact for any whole offset.
    this.startIndex = (this.startIndex + (timeUs - this.timesUs[0])) & INDEX_MASK;
    this.timesUs[0] = timeUs;
  }

  /** Drops every event whose slot fails `keep`, keeping the others' order. */
  retain(keep: (slot: number) => boolean): void {
    for (let word = 0; word < WORDS; word += 1) {
      let bits = this.occupied[word];
      while (bits !== 0) {
        const bit = lowestBit(bits);
        bits &= bits - 1;
        const index = (word << 5) | bit;
        let kept = NONE;
        let last = NONE;
        for (let slot = this.heads[index]; slot !== NONE; slot = this.next[slot]) {
          if (!keep(slot)) {
            this.count -= 1;
            continue;
          }
          if (last === NONE) kept = slot;
          else this.next[last] = slot;
          last = slot;
        }
        this.heads[index] = kept;
        if (kept === NONE) this.clearIndex(index);
        else {
          this.next[last] = NONE;
          this.tails[index] = last;
        }
      }
    }
    if (this.count > 0) this.findFirst();
  }

  private clearIndex(index: number): void {
    const word = index >>> 5;
    this.occupied[word] &= ~(1 << (index & 31));
    if (this.occupied[word] === 0) this.occupiedWords[word >>> 5] &= ~(1 << (word & 31));
  }

  /** Finds the first non-empty list at or after the window start, going round once; count > 0. */
  private findFirst(): void {
    const start = this.startIndex;
    const startWord = start >>> 5;
    let index: number;
    const here = this.occupied[startWord] & (-1 << (start & 31));
    if (here !== 0) {
      index = (startWord << 5) | lowestBit(here);
    } else {
      let word = startWord + 1 < WORDS ? this.nextOccupiedWord(startWord + 1) : NONE;
      if (word === NONE) word = this.nextOccupiedWord(0); // wrap round: times past the index range's end
      index = (word << 5) | lowestBit(this.occupied[word]);
    }
    this.firstIndex = index;
    this.timesUs[1] = this.timesUs[0] + ((index - start) & INDEX_MASK);
  }

  /** First word at or after `fromWord` (no wrapping) with any list occupied, or NONE. */
  private nextOccupiedWord(fromWord: number): number {
    let summary = fromWord >>> 5;
    let bits = this.occupiedWords[summary] & (-1 << (fromWord & 31));
    while (bits === 0) {
      summary += 1;
      if (summary === SUMMARY_WORDS) return NONE;
      bits = this.occupiedWords[summary];
    }
    return (summary << 5) | lowestBit(bits);
  }

  private growSlots(slot: number): void {
    let capacity = this.next.length * 2;
    while (capacity <= slot) capacity *= 2;
    const next = new Int32Array(capacity);
    next.set(this.next);
    this.next = next;
  }
}
