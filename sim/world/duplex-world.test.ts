// Seed 003 end to end: the correct recovery passes every invariant; each flawed variant is caught by name.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { withHeavyFaults } from '../testing/fault-heavy.js';
import { firstSeed } from '../testing/seed-search.js';
import { DuplexedVolume } from '../../src/duplex/duplexed-volume.js';

const invariantsOf = (scenario: string, seed: string, recovery: string): string[] =>
  [...new Set(runScenario(loadScenario(scenario), { seed, variant: { recovery } }).violations.map((violation) => violation.invariant))].sort();

describe('duplexed volume with online recovery', () => {
  it.each(['disk-loss-recovery', 'crash-mid-recovery', 'errors-during-recovery'])('gated recovery holds every invariant on %s over 5 seeds', (scenario) => {
    for (const seed of ['1', '2', '3', '4', '5']) {
      const result = runScenario(loadScenario(scenario), { seed });
      expect(result.violations, `${scenario} seed ${seed}`).toEqual([]);
      expect(result.storage!.recoveries.started).toBeGreaterThan(0);
    }
  });

  it.each(['disk-loss-recovery', 'crash-mid-recovery', 'errors-during-recovery'])(
    'gated recovery holds every invariant on %s with random disk failures, crashes and errors raised (6 seeds; the sweep runs 1,000)',
    (scenario) => {
      let crashes = 0;
      let diskFailures = 0;
      for (const seed of ['1', '2', '3', '4', '5', '6']) {
        const result = runScenario(withHeavyFaults(loadScenario(scenario)), { seed });
        expect(result.violations.map((violation) => `${violation.invariant}: ${violation.message}`), `${scenario} seed ${seed}`).toEqual([]);
        crashes += result.faultSchedule.filter((entry) => entry.action === 'crash').length;
        diskFailures += result.faultSchedule.filter((entry) => entry.action === 'diskFailure' && entry.origin === 'random').length;
      }
      expect(crashes).toBeGreaterThan(3);
      expect(diskFailures).toBeGreaterThan(3);
    },
  );

  it('skips a disk failure that would leave no copy with current data, and says so', () => {
    const scenario = parseScenarioText(
      `name: double-failure
duration: 10s
volume: { size: 16MiB, regionSize: 1MiB, disk: { model: fixed, time: 1ms } }
workload: { writes: 50/s, pattern: uniform }
faults:
  schedule:
    - { at: 1s, action: diskFailure, copy: 0 }
    - { at: 2s, action: diskFailure, copy: 1 }
`,
      'double-failure.yaml',
    );
    const result = runScenario(scenario, { seed: '1' });
    expect(result.probes['fault.skippedBeyondRedundancy']).toBe(1);
    expect(result.storage!.disks.map((disk) => disk.failed)).toEqual([true, false]);
    expect(result.violations).toEqual([]);
  });

  it('recovers a 1 TiB volume in full with memory for the pages written only', () => {
    const before = process.memoryUsage().heapUsed;
    const result = runScenario(loadScenario('large-volume-recovery'), { seed: '1' });
    expect(result.violations).toEqual([]);
    expect(result.storage!.recoveries.completed).toBe(1);
    const [good, recovered] = result.storage!.disks;
    expect(recovered.writtenPages).toBe(good.writtenPages);
    expect(good.writtenPages).toBeLessThan(100_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(512 * 2 ** 20);
  });

  it.each([
    ['ungated', 'olderOverNewer'],
    ['read-recovering', 'readFromUnsynced'],
    ['read-recovering', 'staleRead'],
    ['checkpoint-early', 'copiesDiffer'],
    ['checkpoint-early', 'acknowledgedWriteLost'],
    ['unchecked', 'recoveryPreconditions'],
  ])('recovery=%s is caught on crash-mid-recovery (some seed of 1..30) as %s', (variant, invariant) => {
    const caught = firstSeed(30, (seed) => invariantsOf('crash-mid-recovery', seed, variant).includes(invariant));
    expect(caught, `no seed of 1..30 trips ${invariant}`).toBeDefined();
  });

  it('the crash-mid-recovery scenario takes the seed operator path: recover refused, then forced and resumed', () => {
    const result = runScenario(loadScenario('crash-mid-recovery'), { seed: '1' });
    expect(result.probes['recovery.refused']).toBeGreaterThan(0);
    expect(result.probes['recovery.forced']).toBeGreaterThan(0);
    expect(result.storage!.series.recoveryProgress.length).toBeGreaterThan(10);
    expect(result.storage!.series.writeLatency.length).toBeGreaterThan(10);
    // Every acknowledged write's latency is in the histogram and the series, which hold counts, not samples.
    const latency = result.storage!.writeLatency;
    expect(latency.count).toBe(result.storage!.oracle.acknowledgedWrites);
    expect(result.storage!.series.writeLatency.reduce((sum, bucket) => sum + bucket[3], 0)).toBe(latency.count);
    expect(latency.minUs).toBeLessThanOrEqual(latency.p50Us);
    expect(latency.p50Us).toBeLessThanOrEqual(latency.p99Us);
    expect(latency.p99Us).toBeLessThanOrEqual(latency.maxUs);
    expect(result.storage!.series.bucketUs).toBe(1_000_000);
  });

  it('a volume that says it forced a recovery nobody asked forced is judged by its preconditions '
    + '(some seed of 1..3)', () => {
    // The oracle judges the force the operator asked for, not the force the logic reports: a volume that starts
    // every recovery forced (skipping the seed's preconditions) must trip recoveryPreconditions on the scenario
    // whose plain `recover` the seed refuses.
    const original = DuplexedVolume.prototype.startRecovery;
    DuplexedVolume.prototype.startRecovery = function forcesItself(this: DuplexedVolume, request, done) {
      original.call(this, { ...request, forced: true }, done);
    };
    try {
      const caught = (seed: string) => runScenario(loadScenario('crash-mid-recovery'), { seed }).violations
        .some((violation) => violation.invariant === 'recoveryPreconditions');
      expect(firstSeed(3, caught), 'no seed of 1..3 judged the self-forced recovery').toBeDefined();
    } finally {
      DuplexedVolume.prototype.startRecovery = original;
    }
  });
});
