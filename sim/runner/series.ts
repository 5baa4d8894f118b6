// Time series for results and charts, of fixed size whatever the simulated duration: buckets one second
// wide that double in width (merging neighbours) whenever a run outgrows SERIES_BUCKETS of them.

import { assert } from '../errors.js';

/** Most buckets a series holds: one-second buckets up to this many seconds, wider ones past it. */
export const SERIES_BUCKETS = 4096;
export const FIRST_BUCKET_US = 1_000_000;

/** How a column of merged buckets combines: added up, or the larger kept. */
export type Combine = 'sum' | 'max';

/** Buckets of a few numeric columns over time from zero; only buckets something was added to are listed. */
export class TimeBuckets {
  private widthUs = FIRST_BUCKET_US;
  private readonly values: Float64Array;
  private readonly touched: Uint8Array;
  /** One past the highest bucket index touched. */
  private used = 0;

  constructor(
    private readonly combine: readonly Combine[],
    private readonly capacity = SERIES_BUCKETS,
  ) {
    assert(combine.length > 0, 'a series needs at least one column');
    assert(Number.isInteger(capacity) && capacity >= 2 && capacity % 2 === 0, `series capacity must be even, got ${capacity}`);
    this.values = new Float64Array(capacity * combine.length);
    this.touched = new Uint8Array(capacity);
  }

  get bucketUs(): number {
    return this.widthUs;
  }

  /** Adds (or takes the maximum of, by column) `values` into the bucket holding `timeUs`. */
  add(timeUs: number, values: readonly number[]): void {
    assert(Number.isSafeInteger(timeUs) && timeUs >= 0, `series time must be a non-negative whole µs, got ${timeUs}`);
    assert(values.length === this.combine.length, `series row of ${values.length} values, expected ${this.combine.length}`);
    while (Math.floor(timeUs / this.widthUs) >= this.capacity) this.coarsen();
    const index = Math.floor(timeUs / this.widthUs);
    const columns = this.combine.length;
    const base = index * columns;
    for (let column = 0; column < columns; column += 1) {
      const value = values[column];
      const slot = base + column;
      if (this.combine[column] === 'sum') this.values[slot] += value;
      else if (this.touched[index] === 0 || value > this.values[slot]) this.values[slot] = value;
    }
    this.touched[index] = 1;
    if (index >= this.used) this.used = index + 1;
  }

  /** Widens the buckets (doubling) until they are at least `widthUs` wide, as another series may be. */
  coarsenTo(widthUs: number): void {
    assert(widthUs <= Number.MAX_SAFE_INTEGER, `series width ${widthUs} out of range`);
    while (this.widthUs < widthUs) this.coarsen();
  }

  /** Rows [bucket start µs, ...columns] of every bucket added to, in time order. */
  rows(): number[][] {
    const rows: number[][] = [];
    const columns = this.combine.length;
    for (let index = 0; index < this.used; index += 1) {
      if (this.touched[index] === 0) continue;
      const row = [index * this.widthUs];
      for (let column = 0; column < columns; column += 1) row.push(this.values[index * columns + column]);
      rows.push(row);
    }
    return rows;
  }

  /** Doubles the width: buckets 2i and 2i+1 become bucket i. */
  private coarsen(): void {
    const columns = this.combine.length;
    const half = Math.ceil(this.used / 2);
    for (let index = 0; index < half; index += 1) {
      const left = 2 * index;
      const right = left + 1;
      for (let column = 0; column < columns; column += 1) {
        const a = this.values[left * columns + column];
        const b = right < this.used ? this.values[right * columns + column] : 0;
        const leftTouched = this.touched[left] === 1;
        const rightTouched = right < this.used && this.touched[right] === 1;
        let merged: number;
        if (this.combine[column] === 'sum') merged = a + b;
        else merged = leftTouched && rightTouched ? Math.max(a, b) : leftTouched ? a : b;
        this.values[index * columns + column] = merged;
      }
      this.touched[index] = this.touched[left] | (right < this.used ? this.touched[right] : 0);
    }
    this.values.fill(0, half * columns, this.used * columns);
    this.touched.fill(0, half, this.used);
    this.used = half;
    this.widthUs *= 2;
  }
}

/** A latency series: per bucket the mean (rounded), the maximum and the number of samples. */
export class LatencySeries {
  private readonly buckets: TimeBuckets;

  constructor(capacity = SERIES_BUCKETS) {
    this.buckets = new TimeBuckets(['sum', 'max', 'sum'], capacity);
  }

  get bucketUs(): number {
    return this.buckets.bucketUs;
  }

  add(timeUs: number, latencyUs: number): void {
    this.buckets.add(timeUs, [latencyUs, latencyUs, 1]);
  }

  coarsenTo(widthUs: number): void {
    this.buckets.coarsenTo(widthUs);
  }

  /** [bucket start µs, mean µs, max µs, count] per non-empty bucket, in time order. */
  rows(): [number, number, number, number][] {
    return this.buckets.rows().map(([startUs, sumUs, maxUs, count]) => [startUs, Math.round(sumUs / count), maxUs, count]);
  }
}
