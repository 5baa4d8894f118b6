// The `mirrorsim/vitest` entry: importing it registers mirrorsim's matchers with vitest's expect and types
// them on vitest's Assertion; it also gives seeded test tables. The main entry never imports vitest.

import { expect } from 'vitest';
import { type ExpectedFingerprints, mirrorsimMatchers } from './matchers.js';

export { mirrorsimMatchers, type ExpectedFingerprints, type MatcherOutcome } from './matchers.js';
export { seedTable, seedVariantTable } from './seed-table.js';

/** The matchers, on a run (runScenario), a sweep (runSweep) or a comparison (compareVariants). */
export interface MirrorsimMatchers {
  /** No violation, safety or liveness (a run), or no failing seed (a sweep). */
  toHoldAllInvariants(): void;
  /** No pointer resolved to a foreign object (a two-system run or sweep). */
  toHaveNoForeignResolutions(): void;
  /** The liveness phase converged by its deadline with no liveness violation (a run with a phase). */
  toBeLive(): void;
  /** Some violation, of `invariant` when given (a run or a sweep): a flawed variant is caught. */
  toViolate(invariant?: string): void;
  /** The run's schedule and/or outcome fingerprints are the pinned ones. */
  toMatchFingerprints(expected: ExpectedFingerprints): void;
  /** Every compared variant gave its expected verdict (a comparison). */
  toBeAsExpected(): void;
}

declare module 'vitest' {
  interface Assertion<T = any> extends MirrorsimMatchers {}
}

expect.extend(mirrorsimMatchers);
