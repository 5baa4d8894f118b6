import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import type { ScheduledAction } from './action-kind.js';
import { productCatalog } from './catalog.js';
import { type FaultSpec, expandFaults } from './expand-faults.js';
import { OPERATOR_ACTIONS, type OperatorSwarmSpec, defaultWeights } from './operator-swarm.js';

const geoTopology = { geo: {} };
const options = (seed: string, topology: unknown = geoTopology) => ({ seed, randomUntilUs: 60_000_000, healAtUs: 60_000_000, topology, catalog: productCatalog });
const operators: OperatorSwarmSpec = { world: 'geo', meanIntervalUs: 1_000_000, weights: defaultWeights('geo') };
const spec: FaultSpec = { schedule: [], randomIntervalUs: {}, swarm: false, operators };
const operatorEntries = (faults: { schedule: ScheduledAction[] }) => faults.schedule.filter((entry) => entry.origin === 'operator');

describe('operator swarm', () => {
  it('draws a random sequence of operator actions per seed, each kind and parameter of its world', () => {
    const entries = operatorEntries(expandFaults(spec, { ...options('1'), randomUntilUs: 600_000_000, healAtUs: undefined }));
    expect(entries.length).toBeGreaterThan(300);
    expect(entries.every((entry) => entry.atUs < 600_000_000)).toBe(true);
    for (const entry of entries) expect(Object.keys(OPERATOR_ACTIONS.geo)).toContain(entry.action);
    const kinds = new Set(entries.map((entry) => entry.action));
    expect(kinds.size).toBe(Object.keys(OPERATOR_ACTIONS.geo).length); // every kind occurs in some 600 draws
    const detaches = entries.filter((entry) => entry.action === 'detach').map((entry) => entry.params.track);
    expect(new Set(detaches).size).toBe(2); // with and without tracking
  });

  it('scripted operators: runs of actions a few ms apart, and a share of 0 draws exactly what it drew before', () => {
    const gaps = (entries: readonly ScheduledAction[]) =>
      entries.slice(1).map((entry, index) => entry.atUs - entries[index].atUs);
    const plain = operatorEntries(expandFaults(spec, options('5')));
    const zero = { ...spec, operators: { ...operators, scriptedPpm: 0, scriptGapUs: 2_000 } };
    expect(operatorEntries(expandFaults(zero, options('5')))).toEqual(plain);
    const scriptedSpec = { ...spec, operators: { ...operators, scriptedPpm: 600_000, scriptGapUs: 2_000 } };
    const scripted = operatorEntries(expandFaults(scriptedSpec, options('5')));
    const short = (entries: readonly ScheduledAction[]) => gaps(entries).filter((gap) => gap < 20_000).length;
    expect(short(plain)).toBeLessThan(3);
    // About 60% of the gaps are a script's; the actions come about 1 / (1 - 0.6) times as often.
    expect(short(scripted) / gaps(scripted).length).toBeGreaterThan(0.45);
    expect(scripted.length).toBeGreaterThan(1.8 * plain.length);
  });

  it('is a function of the seed: same seed same sequence, other seed another', () => {
    const first = expandFaults(spec, options('7')).schedule;
    expect(expandFaults(spec, options('7')).schedule).toEqual(first);
    expect(expandFaults(spec, options('8')).schedule).not.toEqual(first);
  });

  it('draws from its own stream: random faults and the fault swarm leave it unchanged, and it leaves them unchanged', () => {
    const alone = operatorEntries(expandFaults(spec, options('3')));
    const faulty: FaultSpec = { ...spec, randomIntervalUs: { crash: 5_000_000, linkReset: 2_000_000, slowDisk: 3_000_000 }, swarm: true };
    const mixed = expandFaults(faulty, options('3'));
    expect(operatorEntries(mixed)).toEqual(alone);
    const withoutOperators = expandFaults({ ...faulty, operators: undefined }, options('3'));
    expect(mixed.schedule.filter((entry) => entry.origin === 'random')).toEqual(withoutOperators.schedule.filter((entry) => entry.origin === 'random'));
    expect(mixed.swarm).toEqual(withoutOperators.swarm);
  });

  it('stops at the liveness heal and respects the weights (a zero weight is never drawn)', () => {
    const weighted: FaultSpec = { ...spec, operators: { ...operators, weights: { detach: 3, reattach: 1, switchover: 0 } } };
    const faults = expandFaults(weighted, { ...options('5'), randomUntilUs: 30_000_000, healAtUs: 30_000_000 });
    const entries = operatorEntries(faults);
    expect(entries.every((entry) => entry.atUs < 30_000_000)).toBe(true);
    expect(entries.some((entry) => entry.action === 'switchover')).toBe(false);
    const detachCount = entries.filter((entry) => entry.action === 'detach').length;
    expect(detachCount).toBeGreaterThan(entries.length / 2);
    expect(faults.schedule[faults.schedule.length - 1].action).toBe('heal');
  });

  it('a volume swarm forces recovery only along the seed operator path', () => {
    const volume: FaultSpec = { ...spec, operators: { world: 'volume', meanIntervalUs: 500_000, weights: defaultWeights('volume') } };
    const entries = operatorEntries(expandFaults(volume, options('2', {})));
    expect(new Set(entries.map((entry) => entry.action))).toEqual(new Set(['forceRecovery', 'recover', 'replaceDisk']));
    for (const entry of entries.filter((candidate) => candidate.action === 'forceRecovery')) expect(entry.params).toEqual({ when: 'operatorPath' });
  });

  it('refuses a rate that would flood the run', () => {
    const flood: FaultSpec = { ...spec, operators: { ...operators, meanIntervalUs: 1 } };
    expect(() => expandFaults(flood, { ...options('1'), maxRandomPerKind: 1000 })).toThrow(InputError);
  });
});
