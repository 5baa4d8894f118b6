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
    assert(Number.isInteger(capacity) && capacity >= 2, `series capacity must be 2 or more, got ${capacity}`);
    assert(capacity % 2 === 0, `series capacity must be even, got ${capacity}`);
    this.values = new Float64Array(capacity * combine.length);
    this.touched = new Uint8Array(capacity);
  }

  get bucketUs(): number {
    return this.widthUs;
  }

  /** Adds (or takes the maximum of, by column) `values` into the bucket holding `timeUs`. */
  add(timeUs: number, values: readonly number[]): void {
    if (!(Number.isSafeInteger(timeUs) && timeUs >= 0)) {
      assert(false, `series time must be a non-negative whole µs, got ${timeUs}`);
    }
    const columns = this.combine.length;
    if (values.length !== columns) assert(false, `series row of ${values.length} values, expected ${columns}`);
    while (Math.floor(timeUs / this.widthUs) >= this.capacity) this.coarsen();
    const index = Math.floor(timeUs / this.widthUs);
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
    return this.buckets.rows()
      .map(([startUs, sumUs, maxUs, count]) => [startUs, Math.round(sumUs / count), maxUs, count]);
  }
}

/** Most points a progress series holds before it keeps only the extremes and the last point of each bucket. */
export const PROGRESS_POINTS = 16_384;

/**
 * A step series of [time µs, value] points (recovery or synchronisation progress), added in time order: every
 * point while there are at most PROGRESS_POINTS, then per time bucket only the lowest, the highest and the
 * last (so no dip or peak is lost), the buckets widening as needed to stay within half the bound.
 */
export class ProgressSeries {
  private widthUs = FIRST_BUCKET_US;
  /** Buckets in time order: index (start / width) and their points in time order. */
  private buckets: { index: number; points: [number, number][] }[] = [];
  private pointCount = 0;
  private lastTimeUs = 0;

  constructor(private readonly capacity = PROGRESS_POINTS) {
    assert(Number.isInteger(capacity), `progress series capacity must be whole, got ${capacity}`);
    assert(capacity >= 8, `progress series capacity must be at least 8, got ${capacity}`);
  }

  get bucketUs(): number {
    return this.widthUs;
  }

  add(timeUs: number, value: number): void {
    if (!Number.isSafeInteger(timeUs)) assert(false, `progress point at ${timeUs} µs: not a whole µs`);
    if (!(timeUs >= this.lastTimeUs)) assert(false, `progress point at ${timeUs} µs before ${this.lastTimeUs} µs`);
    this.lastTimeUs = timeUs;
    const index = Math.floor(timeUs / this.widthUs);
    const last = this.buckets[this.buckets.length - 1];
    if (last !== undefined && last.index === index) last.points.push([timeUs, value]);
    else this.buckets.push({ index, points: [[timeUs, value]] });
    this.pointCount += 1;
    if (this.pointCount > this.capacity) this.compress();
  }

  /** Every point kept, in time order. */
  points(): [number, number][] {
    return this.buckets.flatMap((bucket) => bucket.points.map(([timeUs, value]): [number, number] => [timeUs, value]));
  }

  /** Keeps the extremes and the last point per bucket, widening buckets until at most half the bound is left. */
  private compress(): void {
    for (;;) {
      this.pointCount = 0;
      for (const bucket of this.buckets) {
        bucket.points = extremesAndLast(bucket.points);
        this.pointCount += bucket.points.length;
      }
      if (this.pointCount <= this.capacity / 2) return;
      this.widthUs *= 2;
      const merged: { index: number; points: [number, number][] }[] = [];
      for (const bucket of this.buckets) {
        const index = Math.floor(bucket.index / 2);
        const last = merged[merged.length - 1];
        if (last !== undefined && last.index === index) last.points.push(...bucket.points);
        else merged.push({ index, points: bucket.points });
      }
      this.buckets = merged;
    }
  }
}

/** The first lowest, the first highest and the last point, in time order (fewer when they coincide). */
function extremesAndLast(points: readonly [number, number][]): [number, number][] {
  if (points.length <= 3) return [...points];
  let lowest = 0;
  let highest = 0;
  for (let index = 1; index < points.length; index += 1) {
    if (points[index][1] < points[lowest][1]) lowest = index;
    if (points[index][1] > points[highest][1]) highest = index;
  }
  const kept = [...new Set([lowest, highest, points.length - 1])].sort((a, b) => a - b);
  return kept.map((index) => points[index]);
}
