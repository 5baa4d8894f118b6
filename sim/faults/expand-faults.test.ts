import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { testCatalog } from '../testing/test-catalog.js';
import { type FaultSpec, expandFaults } from './expand-faults.js';

const base = { randomUntilUs: 100_000_000, topology: {}, catalog: testCatalog };

describe('expandFaults', () => {
  const spec: FaultSpec = {
    schedule: [
      { atUs: 5_000_000, action: 'note', params: { message: 'b' } },
      { atUs: 1_000_000, action: 'note', params: { message: 'a' } },
      { atUs: 5_000_000, action: 'note', params: { message: 'c' } },
    ],
    randomIntervalUs: { 'test.blip': 10_000_000 },
    swarm: false,
  };

  it('merges timed and random actions into one list ordered by time, keeping the scenario order for ties', () => {
    const { schedule } = expandFaults(spec, { ...base, seed: '1', randomUntilUs: 90_000_000, healAtUs: 90_000_000 });
    const times = schedule.map((entry) => entry.atUs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const notes = schedule.filter((entry) => entry.action === 'note').map((entry) => entry.params.message);
    expect(notes).toEqual(['a', 'b', 'c']);
    expect(schedule.filter((entry) => entry.origin === 'random').length).toBeGreaterThan(2);
    expect(schedule.filter((entry) => entry.origin === 'random').every((entry) => entry.atUs < 90_000_000)).toBe(true);
    expect(schedule[schedule.length - 1]).toEqual({ atUs: 90_000_000, action: 'heal', origin: 'liveness', params: {} });
  });

  it('is a function of the seed: same seed same schedule, other seed other schedule', () => {
    const first = expandFaults(spec, { ...base, seed: '1' }).schedule;
    expect(expandFaults(spec, { ...base, seed: '1' }).schedule).toEqual(first);
    expect(expandFaults(spec, { ...base, seed: '2' }).schedule).not.toEqual(first);
  });

  it('draws each random kind from its own stream: adding a kind leaves the others unchanged', () => {
    const alone = expandFaults(spec, { ...base, seed: '3' }).schedule.filter((entry) => entry.action === 'test.blip');
    const withHum = expandFaults({ ...spec, randomIntervalUs: { ...spec.randomIntervalUs, 'test.hum': 1_000_000 } }, { ...base, seed: '3' });
    expect(withHum.schedule.filter((entry) => entry.action === 'test.hum').length).toBeGreaterThan(10);
    expect(withHum.schedule.filter((entry) => entry.action === 'test.blip')).toEqual(alone);
  });

  it('swarm mode draws per seed which kinds are on and at what rate, and records the draw', () => {
    const swarmSpec: FaultSpec = { schedule: [], randomIntervalUs: { 'test.blip': 5_000_000, 'test.hum': 5_000_000 }, swarm: true };
    const draws = Array.from({ length: 40 }, (_, seed) => expandFaults(swarmSpec, { ...base, seed: String(seed) }));
    const enabledSets = new Set(draws.map((draw) => JSON.stringify(Object.values(draw.swarm!).map((entry) => entry.enabled))));
    expect(enabledSets.size).toBe(4); // all four on/off combinations occur over 40 seeds
    for (const draw of draws) {
      for (const [kind, choice] of Object.entries(draw.swarm!)) {
        const count = draw.schedule.filter((entry) => entry.action === kind).length;
        if (!choice.enabled) expect(count).toBe(0);
        expect(choice.meanIntervalUs).toBeGreaterThanOrEqual(5_000_000 / 4);
        expect(choice.meanIntervalUs).toBeLessThanOrEqual(5_000_000 * 4);
      }
    }
  });

  it('refuses a rate that would flood the run', () => {
    const flood: FaultSpec = { schedule: [], randomIntervalUs: { 'test.blip': 1 }, swarm: false };
    expect(() => expandFaults(flood, { ...base, seed: '1', maxRandomPerKind: 1000 })).toThrow(InputError);
  });
});
