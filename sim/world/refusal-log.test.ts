// Refused operator requests are counted apart from performed actions, each tied to the request it answers:
// at once (a second detach), later (a failover refused after the copy is checked), or none (the automatic
// operator's own recovery).

import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { RefusalLog, refusedRequestCounts } from './refusal-log.js';

const geo = (schedule: string): string => `
name: refusals
duration: 20s
systems: { iasp: { size: 64MiB }, ipl: 1s }
link: { latency: 2ms, jitter: 1ms, bandwidth: 100MB/s }
mirroring: { mode: sync, suspendTimeout: 2s, regionSize: 4MiB, syncPriority: high }
workload: { production: { writes: 20/s, creates: 5/s, pointerStores: 2/s, resolves: 5/s } }
faults:
  schedule:
${schedule}
`;

describe('refused requests', () => {
  it('a detach of a detached copy is refused at once: counted in refused, not in actions', () => {
    const result = runScenario(parseScenarioText(geo(`
    - { at: 5s, action: detach, track: true }
    - { at: 6s, action: detach, track: true }`), 'refusals.yaml'));
    expect(result.counts.actions.detach).toBe(1);
    expect(result.counts.refused).toEqual({ detach: 1 });
    const [refusal] = result.geo!.refusals;
    expect(refusal).toMatchObject({ timeUs: 6_000_000, action: 'detach', request: { atUs: 6_000_000, action: 'detach' } });
  });

  it('a failover refused after the copy is checked answers the request made earlier', () => {
    const result = runScenario(parseScenarioText(geo(`
    - { at: 3s, action: linkPartition, direction: both, for: 10s }
    - { at: 8s, action: crash, system: production }
    - { at: 9s, action: failover }`), 'refusals.yaml'));
    const refusal = result.geo!.refusals.find((entry) => entry.action === 'failover');
    expect(refusal?.request).toEqual({ atUs: 9_000_000, action: 'failover' });
    expect(refusal!.timeUs).toBeGreaterThan(9_000_000);
    expect(result.counts.refused.failover).toBe(1);
    expect(result.counts.actions.failover).toBeUndefined();
  });

  it('a refusal nobody asked for is listed but subtracts from no action', () => {
    const log = new RefusalLog();
    log.awaitAnswer('A:varyOn', { atUs: 1, action: 'varyOn' });
    log.forget('A:');
    log.add(5, 'varyOn', 'vary-on failed', log.answer('A:varyOn'));
    log.add(6, 'detach', 'mirroring is suspended', { atUs: 6, action: 'detach' });
    expect(log.refusals.map((refusal) => refusal.request)).toEqual([null, { atUs: 6, action: 'detach' }]);
    expect(refusedRequestCounts(log.refusals)).toEqual({ detach: 1 });
  });
});
