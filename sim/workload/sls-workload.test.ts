// The applications' bound on outstanding operations: at rates far beyond what the disks serve, operations
// are skipped and counted instead of queueing without bound (the disk's queue-bound assertion never fires).

import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { MAX_OUTSTANDING_OPERATIONS } from './sls-workload.js';

const rates = 'writes: 20000/s, reads: 20000/s, creates: 400/s, pointerStores: 200/s, resolves: 800/s';
const OVERLOADED = `
name: overloaded
description: Both systems' applications issue far more than the disks serve, through a failover.
duration: 6s
systems: { iasp: { size: 64MiB }, sysasp: { pointers: 256 }, ipl: 1s }
link: { latency: 2ms, bandwidth: 100MB/s }
mirroring: { mode: sync, suspendTimeout: 2s, tracking: true, regionSize: 4MiB }
workload:
  production: { ${rates} }
  target: { ${rates} }
faults:
  schedule:
    - { at: 3s, action: failover }
`;

describe('workload backpressure', () => {
  it(`skips and counts operations beyond ${MAX_OUTSTANDING_OPERATIONS} outstanding, and the run ends normally`, () => {
    const result = runScenario(parseScenarioText(OVERLOADED, 'overloaded'), { seed: '1' });
    expect(result.violations.map((violation) => violation.invariant)).toEqual([]);
    const skipped = Object.values(result.geo!.workload).map((counts) => counts.skippedOverloaded);
    expect(skipped.every((count) => count > 0)).toBe(true);
  });
});
