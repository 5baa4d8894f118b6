// Seed 003 end to end: the correct recovery passes every invariant; each flawed variant is caught by name.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';

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

  it.each([
    ['ungated', '1', 'olderOverNewer'],
    ['read-recovering', '1', 'readFromUnsynced'],
    ['read-recovering', '1', 'staleRead'],
    ['checkpoint-early', '3', 'copiesDiffer'],
    ['checkpoint-early', '3', 'acknowledgedWriteLost'],
    ['unchecked', '1', 'recoveryPreconditions'],
  ])('recovery=%s is caught on crash-mid-recovery seed %s as %s', (variant, seed, invariant) => {
    expect(invariantsOf('crash-mid-recovery', seed, variant)).toContain(invariant);
  });

  it('the crash-mid-recovery scenario takes the seed operator path: recover refused, then forced and resumed', () => {
    const result = runScenario(loadScenario('crash-mid-recovery'), { seed: '1' });
    expect(result.probes['recovery.refused']).toBeGreaterThan(0);
    expect(result.probes['recovery.forced']).toBeGreaterThan(0);
    expect(result.storage!.series.recoveryProgress.length).toBeGreaterThan(10);
    expect(result.storage!.series.writeLatency.length).toBeGreaterThan(10);
  });
});
