// Liveness judged: the shipped liveness scenarios converge and accept a legal action; a too-short bound, a
// disk failing after the heal, or a partition outlasting the deadline each trip a `liveness` violation,
// reported apart from safety ones, with what was still not converged.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { runScenario } from '../runner/run-scenario.js';

const withLiveness = (scenario: Scenario, healUs: number, convergeWithinUs: number): Scenario => ({ ...scenario, liveness: { healUs, convergeWithinUs } });
const livenessOf = (scenario: Scenario, seed: string) => {
  const result = runScenario(scenario, { seed });
  return { result, liveness: result.violations.filter((violation) => violation.invariant === 'liveness') };
};

describe('liveness phase', () => {
  it('partition-suspend-resume converges after the heal, and the switchover requested then is accepted', () => {
    const result = runScenario(loadScenario('partition-suspend-resume'), { seed: '1' });
    expect(result.violations).toEqual([]);
    expect(result.liveness!.convergedAtUs).toBeGreaterThan(result.liveness!.healUs);
    expect(result.liveness!.actionAcceptedAtUs).not.toBeNull();
    expect(result.liveness!.conditions.every((condition) => condition.holds)).toBe(true);
    expect(result.geo!.productionSystem).toBe('B');
  });

  it('the volume scenarios converge: both copies in service, equal, and writes completing after the heal', () => {
    for (const name of ['disk-loss-recovery', 'crash-mid-recovery']) {
      const result = runScenario(loadScenario(name), { seed: '1' });
      expect(result.violations, name).toEqual([]);
      expect(result.liveness!.conditions.map((condition) => condition.name)).toContain('recoveryFinished');
    }
  });

  it('a bound too short to see two looks trips liveness, apart from safety, with its chain', () => {
    const scenario = withLiveness(loadScenario('partition-suspend-resume'), 100_000_000, 1_500_000);
    const { result, liveness } = livenessOf(scenario, '1');
    expect(liveness).toHaveLength(1);
    expect(result.counts.livenessViolations).toBe(1);
    expect(result.counts.safetyViolations).toBe(0);
    expect(result.verdict).toBe('fail');
    expect(liveness[0].chain.join('\n')).toContain('copiesInStep still not holding');
  });

  it('a mutated scenario: a partition that outlasts the deadline (begun after the heal) trips liveness (some seed of 1..3)', () => {
    const base = loadScenario('partition-suspend-resume');
    const schedule = [...base.faults.schedule, { atUs: 100_500_000, action: 'linkPartition', params: { direction: 'both', for: 200_000_000 } }];
    const cut: Scenario = { ...base, faults: { ...base.faults, schedule } };
    const tripped = ['1', '2', '3'].filter((seed) => livenessOf(cut, seed).liveness.length > 0);
    expect(tripped.length).toBeGreaterThan(0);
    const chain = livenessOf(cut, tripped[0]).liveness[0].chain.join('\n');
    expect(chain).toMatch(/replicatedWrites|copiesInStep/);
  });

  it('the phase operator reattaches a mirror the operator left detached before the heal, so liveness holds', () => {
    const base = loadScenario('partition-suspend-resume');
    // Without the last partition (70 s) mirroring is active again by 95 s, so the detach is accepted.
    const schedule = [...base.faults.schedule.filter((entry) => entry.atUs < 65_000_000), { atUs: 95_000_000, action: 'detach', params: { track: true } }];
    const result = runScenario({ ...base, faults: { ...base.faults, schedule } }, { seed: '1' });
    expect(result.violations).toEqual([]);
    expect(result.geo!.timeline.some((change) => change.state === 'detached' && change.timeUs >= 95_000_000)).toBe(true);
    expect(result.counts.actions.reattach).toBeGreaterThan(0);
  });

  it('a mutated scenario: a disk failing for good after the heal trips liveness; the phase operator resumes a recovery nobody forced', () => {
    const base = loadScenario('crash-mid-recovery');
    const failing: Scenario = { ...base, faults: { ...base.faults, schedule: [...base.faults.schedule, { atUs: 40_500_000, action: 'diskFailure', params: { copy: 1 } }] } };
    const { liveness } = livenessOf(failing, '1');
    expect(liveness).toHaveLength(1);
    expect(liveness[0].chain.join('\n')).toMatch(/disksWorking|recoveryFinished/);
    const unresumed: Scenario = { ...base, faults: { ...base.faults, schedule: base.faults.schedule.filter((entry) => entry.action !== 'forceRecovery') } };
    const resumed = runScenario(unresumed, { seed: '1' });
    expect(resumed.violations).toEqual([]);
    expect(resumed.counts.actions.forceRecovery).toBeGreaterThan(0);
  });

  it('the run extends past its duration to the liveness deadline when it has to', () => {
    const base = loadScenario('disk-loss-recovery');
    const late: Scenario = { ...withLiveness(base, base.durationUs - 500_000, 30_000_000) };
    const result = runScenario(late, { seed: '1' });
    expect(result.violations).toEqual([]);
    expect(result.liveness!.convergedAtUs).toBeGreaterThan(base.durationUs);
  });

  it('a scenario without a liveness section has no liveness result', () => {
    const base = loadScenario('switchover');
    expect(base.liveness).toBeUndefined();
    expect(runScenario(base, { seed: '1' }).liveness).toBeNull();
  });
});
