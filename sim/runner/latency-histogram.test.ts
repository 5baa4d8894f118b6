// The latency histogram: every quantile within 1/128 above the exact one, in fixed space, deterministically.
import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../errors.js';
import {
  HISTOGRAM_BUCKETS, LatencyHistogram, REPORTED_QUANTILES, bucketOf, bucketUpperUs,
} from './latency-histogram.js';

/** The exact quantile of the samples: the smallest value with at least that share of samples at or below it. */
function exactQuantile(sorted: readonly number[], quantile: number): number {
  return sorted[Math.max(1, Math.ceil(quantile * sorted.length)) - 1];
}

function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('bucketOf / bucketUpperUs', () => {
  const values = [
    0, 1, 127, 255, 256, 257, 511, 512, 1000, 65_535, 65_536, 1_234_567,
    2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER,
  ];
  for (const value of values) {
    it(`${value}: its bucket holds it, is in range, and is at most 1/128 wide`, () => {
      const bucket = bucketOf(value);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(HISTOGRAM_BUCKETS);
      const upper = bucketUpperUs(bucket);
      expect(upper).toBeGreaterThanOrEqual(value);
      expect(upper - value).toBeLessThanOrEqual(value / 128);
      if (bucket > 0) expect(bucketUpperUs(bucket - 1)).toBeLessThan(value);
    });
  }
});

describe('LatencyHistogram', () => {
  const random = lcg(7);
  // [distribution, samples]
  const cases: [string, number[]][] = [
    ['one sample', [4321]],
    ['constant', Array.from({ length: 1000 }, () => 5000)],
    ['small exact values', Array.from({ length: 999 }, (_, index) => index % 200)],
    ['uniform to 100 ms', Array.from({ length: 20_000 }, () => Math.floor(random() * 100_000))],
    ['exponential, mean 7 ms', Array.from({ length: 20_000 }, () => Math.floor(-Math.log(1 - random()) * 7000))],
    ['bimodal with a long tail',
      Array.from({ length: 10_000 }, (_, index) => (index % 100 === 0 ? 2_000_000 + index : 300 + (index % 17)))],
  ];
  for (const [name, samples] of cases) {
    it(`${name}: quantiles within 1/128 above exact, count, sum, min and max exact`, () => {
      const histogram = new LatencyHistogram();
      for (const sample of samples) histogram.record(sample);
      const sorted = [...samples].sort((a, b) => a - b);
      const summary = histogram.summary();
      for (const [label, quantile] of REPORTED_QUANTILES) {
        const exact = exactQuantile(sorted, quantile);
        expect(summary[label], `${label}`).toBeGreaterThanOrEqual(exact);
        expect(summary[label] - exact, `${label}`).toBeLessThanOrEqual(exact / 128);
      }
      expect(summary.count).toBe(samples.length);
      expect(summary.minUs).toBe(sorted[0]);
      expect(summary.maxUs).toBe(sorted[sorted.length - 1]);
      expect(summary.meanUs).toBe(Math.round(samples.reduce((sum, sample) => sum + sample, 0) / samples.length));
      expect(histogram.valueAtQuantile(0)).toBe(sorted[0]);
      expect(histogram.valueAtQuantile(1)).toBe(sorted[sorted.length - 1]);
    });
  }

  it('summarises nothing as zeros', () => {
    expect(new LatencyHistogram().summary()).toEqual({
      count: 0, minUs: 0, meanUs: 0, p50Us: 0, p90Us: 0, p99Us: 0, p999Us: 0, maxUs: 0,
    });
  });

  it('rejects a latency that is not a non-negative whole number of µs, and a quantile outside 0..1', () => {
    const rejected: [string, () => void][] = [
      ['negative', () => new LatencyHistogram().record(-1)],
      ['fractional', () => new LatencyHistogram().record(1.5)],
      ['NaN', () => new LatencyHistogram().record(Number.NaN)],
      ['unsafe', () => new LatencyHistogram().record(2 ** 53)],
      ['quantile above 1', () => new LatencyHistogram().valueAtQuantile(1.1)],
    ];
    for (const [name, make] of rejected) expect(make, name).toThrow(AssertionFailure);
  });
});
