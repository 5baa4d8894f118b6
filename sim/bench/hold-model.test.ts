import { describe, expect, it } from 'vitest';
import { runHoldModel } from './hold-model.js';
import { runObjectHeapHoldModel } from './object-heap-kernel.js';

describe('hold model (the kernel benchmark)', () => {
  for (const delay of ['exponential', 'constant'] as const) {
    it(`runs the same ${delay}-delay events in the same order on the kernel and on the baseline`, () => {
      const options = { processCount: 100, eventCount: 50_000, delay, meanDelayUs: 1000, seed: 'hold-test' };
      const outcome = runHoldModel(options);
      expect(outcome.events).toBe(50_000);
      expect(outcome.peakPending).toBe(100);
      expect(runObjectHeapHoldModel(options)).toBe(outcome.scheduleFingerprint);
      // Constant delays draw nothing, so only the exponential model depends on the seed.
      if (delay === 'exponential') expect(runObjectHeapHoldModel({ ...options, seed: 'other' })).not.toBe(outcome.scheduleFingerprint);
    });
  }
});
