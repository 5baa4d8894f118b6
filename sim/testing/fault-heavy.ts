// A scenario mutation for sweeps and tests: the scenario with random disk failures, crashes, transient and
// latent errors raised to rates that hit most runs of a 40-second fault window.

import type { Scenario } from '../scenario/scenario.js';

const HOUR_US = 3_600_000_000;

/** Random fault rates of the fault-heavy mutation, per simulated hour. */
export const FAULT_HEAVY_RATES_PER_HOUR: Readonly<Record<string, number>> = { diskFailure: 90, crash: 90, transientErrors: 360, latentError: 360 };

/** The scenario with the fault-heavy random rates in place of its own (other kinds it lists are kept). */
export function withHeavyFaults(scenario: Scenario, ratesPerHour = FAULT_HEAVY_RATES_PER_HOUR): Scenario {
  const randomIntervalUs: Record<string, number> = { ...scenario.faults.randomIntervalUs };
  for (const [kind, perHour] of Object.entries(ratesPerHour)) randomIntervalUs[kind] = Math.round(HOUR_US / perHour);
  return { ...scenario, faults: { ...scenario.faults, randomIntervalUs } };
}

/** Random fault rates of the two-system mutation, per simulated hour: crashes of either system and link faults. */
export const GEO_FAULT_HEAVY_RATES_PER_HOUR: Readonly<Record<string, number>> = { crash: 60, linkPartition: 60, linkReset: 120, latencySpike: 120 };

/** A two-system scenario with crashes, partitions, resets and latency spikes raised. */
export function withHeavyGeoFaults(scenario: Scenario): Scenario {
  return withHeavyFaults(scenario, GEO_FAULT_HEAVY_RATES_PER_HOUR);
}
