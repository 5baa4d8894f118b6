// The replicated-write data path end to end under transient disk errors on every device: with the disks
// completing in any order and failing writes now and then, the correct mirroring keeps the copies equal,
// loses no acknowledged write and lets no older version land over a newer (issue 10 defects 2, 6b and the
// swarm's failed-production-write case). Without the per-page ordering, landed-only acknowledgements, retries
// and compensation, every seed of each scenario below tripped copiesDiffer, trackingMissedPage,
// acknowledgedWriteLost or olderOverNewer.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { withHeavyFaults } from '../testing/fault-heavy.js';

/** Transient errors on a random device about every 2.5 simulated seconds, each for a while. */
const TRANSIENT_ERRORS_PER_HOUR = 1440;

describe('replicated writes under transient disk errors', () => {
  it.each(['partition-suspend-resume', 'switchover', 'failover'])('%s holds every invariant (seeds 1..3)', (name) => {
    const scenario = withHeavyFaults(loadScenario(name), { transientErrors: TRANSIENT_ERRORS_PER_HOUR });
    for (const seed of ['1', '2', '3']) {
      const result = runScenario(scenario, { seed, variant: { addressing: 'system-unique' } });
      expect(result.faultSchedule.some((fault) => fault.action === 'transientErrors'), `seed ${seed}`).toBe(true);
      expect(result.violations.map((violation) => violation.invariant), `${name} seed ${seed}`).toEqual([]);
    }
  });
});
