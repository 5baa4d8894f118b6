// The status entry's codec: every flag combination and checkpoint survives a round trip; bad tokens assert.

import { describe, expect, it } from 'vitest';
import { LogicAssertionError } from '../assert.js';
import {
  CLEAN_STATUS, MAX_CHECKPOINT_REGION, type StatusEntry, decodeStatus, describeStatus, encodeStatus,
} from './status-entry.js';

const FLAGS = ['thisDownLevel', 'otherDownLevel', 'recoveryInProgress', 'recoveryFailed', 'inUse'] as const;

function entryOf(mask: number, checkpointRegion: number): StatusEntry {
  const entry: Record<string, boolean | number> = { checkpointRegion };
  FLAGS.forEach((flag, bit) => (entry[flag] = (mask & (1 << bit)) !== 0));
  return entry as unknown as StatusEntry;
}

describe('status entry codec', () => {
  it('round-trips all 32 flag combinations at several checkpoints, each token a safe odd integer', () => {
    for (const checkpointRegion of [0, 1, 7, 4096, MAX_CHECKPOINT_REGION]) {
      for (let mask = 0; mask < 32; mask += 1) {
        const entry = entryOf(mask, checkpointRegion);
        const token = encodeStatus(entry);
        expect(Number.isSafeInteger(token)).toBe(true);
        expect(token % 2).toBe(1);
        expect(decodeStatus(token)).toEqual(entry);
      }
    }
  });

  it('reads a never-written page 0 as a clean entry, and encodes a clean entry apart from it', () => {
    expect(decodeStatus(0)).toEqual(CLEAN_STATUS);
    expect(encodeStatus(CLEAN_STATUS)).not.toBe(0);
    expect(describeStatus(CLEAN_STATUS)).toBe('clean');
  });

  it('asserts a checkpoint that is negative, fractional or beyond the token', () => {
    for (const checkpointRegion of [-1, 1.5, MAX_CHECKPOINT_REGION + 1, Number.NaN]) {
      const encode = () => encodeStatus({ ...CLEAN_STATUS, checkpointRegion });
      expect(encode, String(checkpointRegion)).toThrow(LogicAssertionError);
    }
  });

  it('asserts on read a token that is not a status token (even, or not a safe integer)', () => {
    expect(() => decodeStatus(2)).toThrow(/page 0 holds a status token/);
    expect(() => decodeStatus(2 ** 60)).toThrow(LogicAssertionError);
  });
});
