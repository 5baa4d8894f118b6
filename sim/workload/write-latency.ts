// The application write latency a workload records, in fixed space: a time series of one-second (or wider)
// buckets for the charts and a histogram for the quantiles, never the samples themselves.

import { LatencyHistogram, type LatencySummary } from '../runner/latency-histogram.js';
import { LatencySeries } from '../runner/series.js';

export class WriteLatencyRecord {
  readonly series = new LatencySeries();
  readonly histogram = new LatencyHistogram();

  /** A write completed at `completedUs` after `latencyUs`. */
  record(completedUs: number, latencyUs: number): void {
    this.series.add(completedUs, latencyUs);
    this.histogram.record(latencyUs);
  }

  summary(): LatencySummary {
    return this.histogram.summary();
  }
}
