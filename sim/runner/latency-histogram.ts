// A fixed-size latency histogram (log-linear, like HdrHistogram): exact below 256 µs, then 128 buckets per
// power of two, so any quantile is within 1/128 (under 0.8 %) of a sample's value; 6,016 counters cover
// every safe integer. Count, sum, minimum and maximum are exact. Integer-only arithmetic: deterministic.

import { assert } from '../errors.js';

const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 2 ** SUB_BUCKET_BITS;
/** Values below this have a bucket each. */
const EXACT_LIMIT = 2 * SUB_BUCKETS;
const LARGEST_SHIFT = 53 - (SUB_BUCKET_BITS + 1);
export const HISTOGRAM_BUCKETS = EXACT_LIMIT + LARGEST_SHIFT * SUB_BUCKETS;

/** The quantiles a result reports, as labels and fractions. */
export const REPORTED_QUANTILES = [['p50Us', 0.5], ['p90Us', 0.9], ['p99Us', 0.99], ['p999Us', 0.999]] as const;

export interface LatencySummary {
  readonly count: number;
  readonly minUs: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
}

function bitLength(value: number): number {
  if (value < 2 ** 32) return 32 - Math.clz32(value);
  return 64 - Math.clz32(Math.floor(value / 2 ** 32));
}

/** The bucket of a value, and (below) the largest value that bucket holds. */
export function bucketOf(value: number): number {
  if (value < EXACT_LIMIT) return value;
  const shift = bitLength(value) - (SUB_BUCKET_BITS + 1);
  const top = Math.floor(value / 2 ** shift);
  return EXACT_LIMIT + (shift - 1) * SUB_BUCKETS + (top - SUB_BUCKETS);
}

export function bucketUpperUs(bucket: number): number {
  if (bucket < EXACT_LIMIT) return bucket;
  const shift = Math.floor((bucket - EXACT_LIMIT) / SUB_BUCKETS) + 1;
  const top = SUB_BUCKETS + ((bucket - EXACT_LIMIT) % SUB_BUCKETS);
  return (top + 1) * 2 ** shift - 1;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(HISTOGRAM_BUCKETS);
  private total = 0;
  private sumUs = 0;
  private minUs = Infinity;
  private maxUs = 0;

  get count(): number {
    return this.total;
  }

  record(latencyUs: number): void {
    if (!Number.isSafeInteger(latencyUs)) assert(false, `latency must be a whole number of µs, got ${latencyUs}`);
    if (!(latencyUs >= 0)) assert(false, `latency must not be negative, got ${latencyUs}`);
    assert(this.sumUs + latencyUs <= Number.MAX_SAFE_INTEGER, 'latency sum beyond the safe integers');
    this.counts[bucketOf(latencyUs)] += 1;
    this.total += 1;
    this.sumUs += latencyUs;
    if (latencyUs < this.minUs) this.minUs = latencyUs;
    if (latencyUs > this.maxUs) this.maxUs = latencyUs;
  }

  /**
   * The smallest recorded value v such that at least `quantile` of the samples are ≤ v, up to the bucket's
   * width: the bucket's largest value, never above the maximum recorded (0 gives the minimum, 1 the maximum;
   * 0 when nothing was recorded).
   */
  valueAtQuantile(quantile: number): number {
    assert(quantile >= 0 && quantile <= 1, `quantile must be within 0..1, got ${quantile}`);
    if (this.total === 0) return 0;
    if (quantile === 0) return this.minUs;
    const rank = Math.max(1, Math.ceil(quantile * this.total));
    let seen = 0;
    for (let bucket = 0; bucket < HISTOGRAM_BUCKETS; bucket += 1) {
      seen += this.counts[bucket];
      if (seen >= rank) return Math.max(this.minUs, Math.min(this.maxUs, bucketUpperUs(bucket)));
    }
    return this.maxUs;
  }

  summary(): LatencySummary {
    const empty = this.total === 0;
    const quantiles = Object.fromEntries(
      REPORTED_QUANTILES.map(([label, quantile]) => [label, this.valueAtQuantile(quantile)]),
    );
    return {
      count: this.total,
      minUs: empty ? 0 : this.minUs,
      meanUs: empty ? 0 : Math.round(this.sumUs / this.total),
      p50Us: quantiles.p50Us,
      p90Us: quantiles.p90Us,
      p99Us: quantiles.p99Us,
      p999Us: quantiles.p999Us,
      maxUs: this.maxUs,
    };
  }
}
