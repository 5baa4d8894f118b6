// The single-level store's codecs and page layout: round trips at the field bounds, safe-integer tokens,
// out-of-bound fields asserted (never wrapped), and directory blocks that never collide for owned ranges.

import { describe, expect, it } from 'vitest';
import { LogicAssertionError } from '../assert.js';
import {
  CONTENT_LIMIT, DATA_FIRST_PAGE, DIRECTORY_BLOCKS, EPOCH_SPAN, LABEL_LIMIT, MAX_RANGE_ID, RANGE_LIST_PAGES,
  RANGES_PER_SYSTEM_IN_DIRECTORY, SLOTS_PER_RANGE, SYSTEM_RANGE_SPAN, addressOf, decodeEntry, decodeHeader,
  decodePointer, directoryBlockOf, directoryFirstPage, directoryPageOf, encodeEntry, encodeHeader, encodePointer,
  iaspPageCount, rangeOf,
} from './iasp-layout.js';

const MAX_ADDRESS = addressOf(MAX_RANGE_ID, SLOTS_PER_RANGE - 1);

describe('IASP header codec', () => {
  it('round-trips headers at every field bound, each token a safe integer', () => {
    for (const rangeCounter of [0, 1, MAX_RANGE_ID]) {
      for (const currentRange of [0, rangeCounter]) {
        for (const ownedCount of [0, 1, RANGE_LIST_PAGES]) {
          for (const nextSlot of [0, SLOTS_PER_RANGE - 1, SLOTS_PER_RANGE]) {
            const header = { currentRange, rangeCounter, ownedCount, nextSlot };
            const token = encodeHeader(header);
            expect(Number.isSafeInteger(token)).toBe(true);
            expect(decodeHeader(token)).toEqual(header);
          }
        }
      }
    }
    expect(decodeHeader(0)).toBeUndefined();
  });

  it('asserts each field beyond its bound instead of wrapping into the next', () => {
    const header = { currentRange: 1, rangeCounter: 1, ownedCount: 1, nextSlot: 0 };
    const bad = [
      { ...header, nextSlot: SLOTS_PER_RANGE + 1 },
      { ...header, ownedCount: RANGE_LIST_PAGES + 1 },
      { ...header, rangeCounter: MAX_RANGE_ID + 1, currentRange: MAX_RANGE_ID + 1 },
      { ...header, currentRange: 2 },
      { ...header, nextSlot: -1 },
    ];
    for (const value of bad) expect(() => encodeHeader(value), JSON.stringify(value)).toThrow(LogicAssertionError);
  });

  it('checks a header read for sanity (paired with the write): a token past the field spans asserts', () => {
    expect(() => decodeHeader(Number.MAX_SAFE_INTEGER)).toThrow(LogicAssertionError);
  });
});

describe('directory entry and pointer codecs', () => {
  it('round-trips entries at the address and content bounds', () => {
    for (const address of [0, 1, MAX_ADDRESS]) {
      for (const content of [0, 1, CONTENT_LIMIT - 1]) {
        for (const destroyed of [false, true]) {
          const token = encodeEntry({ address, content, destroyed });
          expect(Number.isSafeInteger(token)).toBe(true);
          expect(decodeEntry(token)).toEqual({ address, content, destroyed });
        }
      }
    }
    expect(decodeEntry(0)).toBeUndefined();
    expect(() => encodeEntry({ address: 0, content: CONTENT_LIMIT, destroyed: false })).toThrow(LogicAssertionError);
    expect(() => encodeEntry({ address: 2 ** 28, content: 1, destroyed: false })).toThrow(LogicAssertionError);
  });

  it('round-trips pointers at the address, epoch and label bounds', () => {
    for (const address of [0, MAX_ADDRESS]) {
      for (const epoch of [0, EPOCH_SPAN - 1]) {
        for (const label of [0, LABEL_LIMIT - 1]) {
          const token = encodePointer({ address, epoch, label });
          expect(Number.isSafeInteger(token)).toBe(true);
          expect(decodePointer(token)).toEqual({ address, epoch, label });
        }
      }
    }
  });

  it('asserts a pointer label or epoch past its capacity (the old code wrapped the epoch silently)', () => {
    expect(() => encodePointer({ address: 1, epoch: 0, label: LABEL_LIMIT })).toThrow(/pointer label/);
    expect(() => encodePointer({ address: 1, epoch: EPOCH_SPAN, label: 0 })).toThrow(/pointer epoch/);
  });
});

describe('addresses and directory placement', () => {
  it('addressOf and rangeOf are inverse, and slots and ranges are bounded', () => {
    expect(rangeOf(addressOf(MAX_RANGE_ID, SLOTS_PER_RANGE - 1))).toBe(MAX_RANGE_ID);
    expect(() => addressOf(1, SLOTS_PER_RANGE)).toThrow(LogicAssertionError);
    expect(() => addressOf(MAX_RANGE_ID + 1, 0)).toThrow(LogicAssertionError);
  });

  it('gives the 16 consecutive ranges of each system distinct blocks, inside the directory', () => {
    for (const system of [0, 1, 2]) {
      const blocks = new Set<number>();
      for (let counter = 1; counter <= RANGES_PER_SYSTEM_IN_DIRECTORY; counter += 1) {
        blocks.add(directoryBlockOf(system * SYSTEM_RANGE_SPAN + counter));
      }
      expect(blocks.size).toBe(RANGES_PER_SYSTEM_IN_DIRECTORY);
      for (const block of blocks) expect(block).toBeLessThan(DIRECTORY_BLOCKS);
    }
    // The documented limit: the 17th range of a system shares a block with its 1st (the store refuses it).
    expect(directoryBlockOf(SYSTEM_RANGE_SPAN + 17)).toBe(directoryBlockOf(SYSTEM_RANGE_SPAN + 1));
  });

  it('places every directory page after the data area and inside the IASP', () => {
    const dataPageCount = 100;
    const lastOfSystem2 = addressOf(2 * SYSTEM_RANGE_SPAN + 15, SLOTS_PER_RANGE - 1);
    for (const address of [0, addressOf(SYSTEM_RANGE_SPAN + 5, 17), lastOfSystem2]) {
      const page = directoryPageOf(dataPageCount, address);
      expect(page).toBeGreaterThanOrEqual(directoryFirstPage(dataPageCount));
      expect(page).toBeLessThan(iaspPageCount(dataPageCount));
    }
    expect(directoryFirstPage(dataPageCount)).toBe(DATA_FIRST_PAGE + dataPageCount);
  });
});
