// Seed 000 end to end: the foreign-object effect emerges under shared-range, the fix prevents it, each flawed
// address-range policy and each flawed mirroring configuration is caught by its invariant, by name.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { withHeavyGeoFaults } from '../testing/fault-heavy.js';
import { firstSeed } from '../testing/seed-search.js';

const GEO_SCENARIOS = ['default', 'detach-reattach', 'detach-reattach-untracked', 'storage-copy-twice', 'partition-suspend-resume', 'switchover', 'failover', 'detach-disk-failure-crash', 'swarm'];

const run = (scenario: string | Scenario, seed: string, variant: Record<string, string>) =>
  runScenario(typeof scenario === 'string' ? loadScenario(scenario) : scenario, { seed, variant });
const invariantsOf = (scenario: string | Scenario, seed: string, variant: Record<string, string>): string[] =>
  [...new Set(run(scenario, seed, variant).violations.map((violation) => violation.invariant))].sort();

describe('single-level store pointers across detach and reattach (seed 000)', () => {
  it('shared-range resolves old pointers to foreign objects on every one of 5 seeds of detach-reattach', () => {
    for (const seed of ['1', '2', '3', '4', '5']) {
      const result = run('detach-reattach', seed, { addressing: 'shared-range' });
      expect(result.geo!.resolutions.foreign, `seed ${seed}`).toBeGreaterThan(0);
      expect(result.violations[0].invariant).toBe('foreignResolution');
    }
  });

  it.each(GEO_SCENARIOS)('system-unique never resolves to a foreign object on %s, with random crashes, partitions and resets raised (2 seeds)', (scenario) => {
    for (const seed of ['1', '2']) {
      const result = run(withHeavyGeoFaults(loadScenario(scenario)), seed, { addressing: 'system-unique' });
      expect(result.geo!.resolutions.foreign, `${scenario} seed ${seed}`).toBe(0);
      expect(result.violations.map((violation) => violation.invariant)).toEqual([]);
    }
  });

  it.each([
    ['iasp-counter', 'detach-reattach', 'vary-on took the IASP counter + 1'],
    ['detach-assigned', 'storage-copy-twice', 'storage copy'],
    ['system-unique-lazy', 'detach-disk-failure-crash', "vary-on took the system's range counter + 1"],
  ])('addressing=%s is caught on %s (some seed of 1..10) with a causal chain naming the mechanism', (addressing, scenario, mechanism) => {
    const caught = (seed: string) => {
      const foreign = run(scenario, seed, { addressing }).violations.find((violation) => violation.invariant === 'foreignResolution');
      return foreign !== undefined && foreign.chain.join('\n').includes(mechanism);
    };
    expect(firstSeed(10, caught), `no seed of 1..10 shows a foreign resolution through "${mechanism}"`).toBeDefined();
  });

  it('invalidate-all shows no foreign resolution and more false stale ones than system-unique', () => {
    const invalidateAll = run('detach-reattach', '1', { addressing: 'invalidate-all' }).geo!.resolutions;
    const systemUnique = run('detach-reattach', '1', { addressing: 'system-unique' }).geo!.resolutions;
    expect(invalidateAll.foreign).toBe(0);
    expect(invalidateAll.falseStale).toBeGreaterThan(systemUnique.falseStale);
  });

  it('two variants on one seed see the same expanded fault schedule', () => {
    const scenario = withHeavyGeoFaults(loadScenario('detach-reattach'));
    const first = runScenario(scenario, { seed: '7', variant: { addressing: 'shared-range' } });
    const second = runScenario(scenario, { seed: '7', variant: { addressing: 'system-unique', mirroring: 'lossy-tracking' } });
    expect(first.faultSchedule.length).toBeGreaterThan(10);
    expect(second.faultSchedule).toEqual(first.faultSchedule);
  });
});

describe('geographic mirroring invariants, each tripped by a broken configuration', () => {
  it('the correct mirroring passes partition, switchover and failover scenarios', () => {
    for (const scenario of ['partition-suspend-resume', 'switchover', 'failover']) expect(invariantsOf(scenario, '1', {}), scenario).toEqual([]);
  });

  it('swarm draws a different fault mix per seed and holds every invariant (seed 67 once compared the copies while production\'s disk still held writes)', () => {
    const mixes = new Set<string>();
    for (const seed of ['1', '2', '3', '67']) {
      const result = run('swarm', seed, {});
      expect(result.violations.map((violation) => violation.invariant), `seed ${seed}`).toEqual([]);
      mixes.add(JSON.stringify(Object.entries(result.swarm ?? {}).map(([kind, draw]) => [kind, draw.enabled])));
    }
    expect(mixes.size).toBeGreaterThan(1);
  });

  it('a target disk replaced as the link heals: the plan is judged on the copy production knew (swarm 526)', () => {
    // The target's hello, sent at the heal before the replacement, reaches production first: it resumes with a
    // partial synchronisation its tracking made for the old copy, which is exactly right for that copy.
    expect(run('swarm', '526', {}).violations.map((violation) => violation.invariant)).toEqual([]);
    const lossy = run('swarm', '526', { mirroring: 'lossy-tracking' }).violations;
    const onReplaced = lossy.find((violation) => violation.chain[0].includes('was replaced'));
    expect(onReplaced?.invariant).toBe('trackingMissedPage');
  });

  it.each([
    ['ungated-sync', 'partition-suspend-resume', 'olderOverNewer'],
    ['lossy-tracking', 'partition-suspend-resume', 'trackingMissedPage'],
    ['lossy-tracking', 'partition-suspend-resume', 'copiesDiffer'],
    ['early-ack', 'failover', 'acknowledgedWriteLost'],
    ['unchecked-promotion', 'failover', 'promotionRule'],
  ])('mirroring=%s is caught on %s (some seed of 1..30) as %s', (mirroring, scenario, invariant) => {
    const caught = firstSeed(30, (seed) => invariantsOf(scenario, seed, { mirroring }).includes(invariant));
    expect(caught, `no seed of 1..30 trips ${invariant}`).toBeDefined();
  });

  it('mirroring=early-ack is caught as staleRead when production writes and reads heavily through a failover', () => {
    const base = loadScenario('failover');
    const busy = { ...base.geo!.applications.production, writeIntervalUs: 3_333, readIntervalUs: 3_333 };
    // A small IASP (16 MiB) so that reads soon come back to the pages the promotion lost.
    const mutated: Scenario = { ...base, geo: { ...base.geo!, iaspDataPages: 4096, applications: { production: busy, target: busy } } };
    const caught = firstSeed(10, (seed) => invariantsOf(mutated, seed, { mirroring: 'early-ack' }).includes('staleRead'));
    expect(caught, 'no seed of 1..10 trips staleRead under early-ack').toBeDefined();
    expect(invariantsOf(mutated, '1', { mirroring: 'correct' })).toEqual([]);
  });

  it('asynchronous mode holds every mirroring invariant through partitions and a failover (its promotions accept the in-flight loss)', () => {
    for (const name of ['partition-suspend-resume', 'failover']) {
      const base = loadScenario(name);
      const scenario: Scenario = { ...base, geo: { ...base.geo!, mirroring: { ...base.geo!.mirroring, mode: 'async' } } };
      const result = run(scenario, '1', {});
      expect(result.violations.map((violation) => violation.invariant), name).toEqual([]);
      expect(result.geo!.mirror.syncs).toBeGreaterThan(0);
    }
  });

  it('mirroring=vary-on-syncing is caught as readFromUnsynced when the target varies on during the reattach synchronisation', () => {
    const base = loadScenario('detach-reattach-untracked');
    const mutated: Scenario = { ...base, faults: { ...base.faults, schedule: [...base.faults.schedule, { atUs: 30_000_000, action: 'varyOn', params: { system: 'target', copy: 'mirror' } }] } };
    const caught = firstSeed(10, (seed) => invariantsOf(mutated, seed, { mirroring: 'vary-on-syncing' }).includes('readFromUnsynced'));
    expect(caught, 'no seed of 1..10 trips readFromUnsynced under vary-on-syncing').toBeDefined();
    expect(invariantsOf(mutated, '1', { mirroring: 'correct', addressing: 'system-unique' })).toEqual([]);
  });
});
