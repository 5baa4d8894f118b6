// Fixed-size time series: the same rows as bucketing every sample, at whatever width the run grew to.
import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../errors.js';
import { LatencySeries, PROGRESS_POINTS, ProgressSeries, SERIES_BUCKETS, TimeBuckets } from './series.js';

/** The reference: every sample kept, then bucketed (what the runner did before series were fixed-size). */
function bucketEverySample(samples: readonly (readonly [number, number])[], bucketUs: number): number[][] {
  const buckets = new Map<number, [number, number, number]>();
  for (const [timeUs, latencyUs] of samples) {
    const start = Math.floor(timeUs / bucketUs) * bucketUs;
    const bucket = buckets.get(start) ?? [0, 0, 0];
    buckets.set(start, [bucket[0] + latencyUs, Math.max(bucket[1], latencyUs), bucket[2] + 1]);
  }
  return [...buckets].sort((a, b) => a[0] - b[0])
    .map(([start, [sum, max, count]]) => [start, Math.round(sum / count), max, count]);
}

/** Deterministic samples: `count` of them, `stepUs` apart on average, latencies up to `maxLatencyUs`. */
function samplesOf(count: number, stepUs: number, maxLatencyUs: number, seed: number): [number, number][] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const samples: [number, number][] = [];
  let timeUs = 0;
  for (let index = 0; index < count; index += 1) {
    timeUs += Math.floor(next() * 2 * stepUs);
    samples.push([timeUs, Math.floor(next() * maxLatencyUs)]);
  }
  return samples;
}

describe('LatencySeries', () => {
  // [case, capacity, samples, expected bucket width µs]
  const cases: [string, number, [number, number][], number][] = [
    ['empty', 8, [], 1_000_000],
    ['one sample', 8, [[1_500_000, 700]], 1_000_000],
    ['a bucket with no sample stays out', 8, [[0, 5], [3_200_000, 9]], 1_000_000],
    ['within capacity: one-second buckets', 16, samplesOf(200, 70_000, 50_000, 1), 1_000_000],
    ['the first sample past capacity doubles the width', 4, [[0, 1], [3_999_999, 2], [4_000_000, 3]], 2_000_000],
    ['many doublings, an odd bucket count', 6, samplesOf(3000, 1_000_000, 90_000, 2), 512_000_000],
    ['a long run at the real capacity', SERIES_BUCKETS, samplesOf(20_000, 1_500_000, 200_000, 3), 8_000_000],
    ['one sample far out', 4, [[7, 3], [1e12, 4]], 2 ** 18 * 1_000_000],
  ];
  for (const [name, capacity, samples, widthUs] of cases) {
    it(`${name}: rows equal bucketing every sample at the width reached`, () => {
      const series = new LatencySeries(capacity);
      for (const [timeUs, latencyUs] of samples) series.add(timeUs, latencyUs);
      expect(series.bucketUs).toBe(widthUs);
      expect(series.rows()).toEqual(bucketEverySample(samples, widthUs));
      expect(series.rows().length).toBeLessThanOrEqual(capacity);
    });
  }

  it('widens to a wider series\' width on request, as the result does for two series', () => {
    const samples = samplesOf(500, 200_000, 10_000, 4);
    const series = new LatencySeries(64);
    for (const [timeUs, latencyUs] of samples) series.add(timeUs, latencyUs);
    series.coarsenTo(16_000_000);
    expect(series.bucketUs).toBe(16_000_000);
    expect(series.rows()).toEqual(bucketEverySample(samples, 16_000_000));
  });
});

describe('TimeBuckets', () => {
  it('sums and maxima merge exactly, untouched buckets never listed, zero maxima kept', () => {
    const buckets = new TimeBuckets(['sum', 'max'], 2);
    buckets.add(0, [1, 0]);
    buckets.add(1_000_000, [2, 0]);
    buckets.add(5_000_000, [4, 7]);
    expect(buckets.bucketUs).toBe(4_000_000);
    expect(buckets.rows()).toEqual([[0, 3, 0], [4_000_000, 4, 7]]);
  });

  it('rejects what it cannot hold', () => {
    const rejected: [string, () => void][] = [
      ['no column', () => new TimeBuckets([])],
      ['odd capacity', () => new TimeBuckets(['sum'], 3)],
      ['negative time', () => new TimeBuckets(['sum']).add(-1, [1])],
      ['fractional time', () => new TimeBuckets(['sum']).add(0.5, [1])],
      ['wrong row width', () => new TimeBuckets(['sum', 'max']).add(0, [1])],
    ];
    for (const [name, make] of rejected) expect(make, name).toThrow(AssertionFailure);
  });
});

describe('ProgressSeries', () => {
  /** A recovery-like sawtooth: steps up by 1/regions, a reset to 0 now and then; `stepUs` apart. */
  function sawtooth(count: number, stepUs: number, regions: number): [number, number][] {
    const points: [number, number][] = [];
    let region = 0;
    for (let index = 0; index < count; index += 1) {
      region = index % 97 === 0 ? 0 : Math.min(regions, region + 1);
      points.push([index * stepUs, region / regions]);
    }
    return points;
  }

  // [case, capacity, points]
  const cases: [string, number, [number, number][]][] = [
    ['empty', 16, []],
    ['within the bound: every point, unchanged', 64, sawtooth(64, 20_000, 256)],
    ['just past the bound', 64, sawtooth(65, 20_000, 256)],
    ['a long run of many recoveries', 64, sawtooth(20_000, 250_000, 256)],
    ['many points in one instant', 16, Array.from({ length: 100 }, (_, index): [number, number] => [5, index % 7])],
    ['the real bound, a day of steps', PROGRESS_POINTS, sawtooth(100_000, 864_000, 1024)],
  ];
  for (const [name, capacity, points] of cases) {
    it(`${name}: within the bound, a subset in order, each bucket's lowest, highest and last kept`, () => {
      const series = new ProgressSeries(capacity);
      for (const [timeUs, value] of points) series.add(timeUs, value);
      const kept = series.points();
      expect(kept.length).toBeLessThanOrEqual(capacity);
      if (points.length <= capacity) {
        expect(kept).toEqual(points);
        return;
      }
      const keys = new Set(points.map(([timeUs, value]) => `${timeUs}/${value}`));
      for (const point of kept) expect(keys.has(`${point[0]}/${point[1]}`)).toBe(true);
      for (let index = 1; index < kept.length; index += 1) {
        expect(kept[index][0]).toBeGreaterThanOrEqual(kept[index - 1][0]);
      }
      const byBucket = (list: readonly [number, number][]): Map<number, [number, number][]> => {
        const buckets = new Map<number, [number, number][]>();
        for (const point of list) {
          const index = Math.floor(point[0] / series.bucketUs);
          buckets.set(index, [...(buckets.get(index) ?? []), point]);
        }
        return buckets;
      };
      const keptBuckets = byBucket(kept);
      for (const [index, raw] of byBucket(points)) {
        const values = raw.map(([, value]) => value);
        const keptValues = keptBuckets.get(index)!.map(([, value]) => value);
        expect(Math.min(...keptValues)).toBe(Math.min(...values));
        expect(Math.max(...keptValues)).toBe(Math.max(...values));
        expect(keptBuckets.get(index)!.at(-1)).toEqual(raw.at(-1));
      }
    });
  }

  it('refuses a point before the last one (progress is added as time goes on)', () => {
    const series = new ProgressSeries(16);
    series.add(10, 0.5);
    expect(() => series.add(9, 0.6)).toThrow(AssertionFailure);
  });
});
