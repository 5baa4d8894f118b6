// Time series for results and charts: compact, fixed-width buckets so a long run stays small.

/** [time µs, latency µs] samples → [bucket start µs, mean µs, max µs, count] per non-empty bucket, in time order. */
export function bucketLatencies(samples: readonly (readonly [number, number])[], bucketUs: number): [number, number, number, number][] {
  const buckets: [number, number, number, number][] = [];
  for (const [timeUs, latencyUs] of samples) {
    const start = Math.floor(timeUs / bucketUs) * bucketUs;
    const last = buckets[buckets.length - 1];
    if (last !== undefined && last[0] === start) {
      last[1] += latencyUs;
      last[2] = Math.max(last[2], latencyUs);
      last[3] += 1;
    } else buckets.push([start, latencyUs, latencyUs, 1]);
  }
  for (const bucket of buckets) bucket[1] = Math.round(bucket[1] / bucket[3]);
  return buckets;
}
