import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { MemoryTraceSink } from '../kernel/trace.js';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { testCatalog } from '../testing/test-catalog.js';
import { runScenario } from './run-scenario.js';

const scenarioText = (extra = ''): string => `
name: plumbing
duration: 60s
faults:
  schedule:
    - { at: 1s, action: note, message: start }
${extra}
  random: { test.blip: 1/s, test.hum: 0.5/s }
liveness: { heal: 50s, convergeWithin: 5s }
`;
const load = (extra = '') => parseScenarioText(scenarioText(extra), 'plumbing.yaml', testCatalog);
const run = (extra = '', seed = '1') => runScenario(load(extra), { seed, catalog: testCatalog });

describe('runScenario', () => {
  it('returns the verdict, fingerprints, counts, expanded schedule and durations', () => {
    const result = run();
    expect(result.verdict).toBe('pass');
    expect(result.scenario).toBe('plumbing');
    expect(result.seed).toBe('1');
    expect(result.fingerprints.schedule).toMatch(/^[0-9a-f]{16}$/);
    expect(result.counts.actions.note).toBe(1);
    expect(result.counts.actions.heal).toBe(1);
    // Every event is an action, plus the liveness judge's one look (a world with nothing to converge).
    expect(result.counts.events).toBe(result.faultSchedule.length + 1);
    expect(result.liveness!.convergedAtUs).toBe(51_000_000);
    expect(result.faultSchedule.every((entry) => entry.atUs < 60_000_000)).toBe(true);
    expect(result.durations.simulatedUs).toBeGreaterThanOrEqual(50_000_000);
    expect(result.timings.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('same seed gives equal fingerprints; another seed gives different ones', () => {
    const first = run('', '1');
    expect(run('', '1').fingerprints).toEqual(first.fingerprints);
    expect(run('', '2').fingerprints.schedule).not.toBe(first.fingerprints.schedule);
    expect(run('', '2').fingerprints.outcome).not.toBe(first.fingerprints.outcome);
  });

  it('fails with the invariant named when the oracle reports a violation', () => {
    const result = run('    - { at: 2s, action: test.violate, message: "broken on purpose" }');
    expect(result.verdict).toBe('fail');
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({ invariant: 'testInvariant', timeUs: 2_000_000, message: 'broken on purpose' });
    expect(result.violations[0].eventNumber).toBeGreaterThan(0);
    expect(result.fingerprints.outcome).not.toBe(run().fingerprints.outcome);
  });

  it('turns a failed assertion into a violation at its event and stops the run there', () => {
    const result = run('    - { at: 3s, action: test.assert }');
    expect(result.verdict).toBe('fail');
    expect(result.violations[0].invariant).toBe('assertion');
    expect(result.violations[0].timeUs).toBe(3_000_000);
    expect(result.stop.reason).toBe('stopped');
  });

  it('says when it stopped at an event bound', () => {
    const result = runScenario(load(), { catalog: testCatalog, maxEvents: 5 });
    expect(result.stop).toMatchObject({ reason: 'eventBound', eventCount: 5 });
  });

  it('rejects an unknown variant key before running', () => {
    expect(() => runScenario(load(), { catalog: testCatalog, variant: { colour: 'blue' } })).toThrow(InputError);
  });

  it('writes a trace whose header carries everything needed to replay it, and whose end repeats the fingerprints', () => {
    const sink = new MemoryTraceSink();
    const result = runScenario(load(), { catalog: testCatalog, traceLevel: 'full', traceSink: sink });
    const lines = sink.text().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: 'header', format: 'mirrorsim-trace/2', scenario: 'plumbing', seed: '1', traceLevel: 'full' });
    expect(lines[0].definition.name).toBe('plumbing');
    expect(lines.filter((line) => line.type === 'event')).toHaveLength(result.counts.events);
    expect(lines[lines.length - 1]).toMatchObject({ type: 'end', schedule: result.fingerprints.schedule, outcome: result.fingerprints.outcome });
  });
});
