// The single-level store's codecs and page layout: round trips at the field bounds, safe-integer tokens,
// out-of-bound fields asserted (never wrapped), and directory blocks that never collide for owned ranges.

import { describe, expect, it } from 'vitest';
import { LogicAssertionError } from '../assert.js';
import {
  CONTENT_LIMIT, DATA_FIRST_PAGE, DIRECTORY_BLOCKS, EPOCH_SPAN, IASP_HEADER_PAGE, LABEL_LIMIT, MAX_RANGE_ID,
  RANGE_LIST_FIRST_PAGE, RANGE_LIST_PAGES, SLOTS_PER_RANGE, SYSTEM_RANGE_SPAN, addressOf, decodeEntry, decodeHeader,
  decodePointer, directoryFirstPage, directoryPageAt, directoryPageOn, encodeEntry, encodeHeader, encodePointer,
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

  it('gives each owned-list position its own block, inside the directory, and refuses a position past it', () => {
    const dataPageCount = 100;
    const pages = new Set<number>();
    for (let position = 0; position < DIRECTORY_BLOCKS; position += 1) {
      for (const slot of [0, SLOTS_PER_RANGE - 1]) pages.add(directoryPageAt(dataPageCount, position, addressOf(7, slot)));
    }
    expect(pages.size).toBe(2 * DIRECTORY_BLOCKS);
    for (const page of pages) expect(page).toBeLessThan(iaspPageCount(dataPageCount));
    expect(() => directoryPageAt(dataPageCount, DIRECTORY_BLOCKS, 0)).toThrow(LogicAssertionError);
    expect(DIRECTORY_BLOCKS).toBeLessThanOrEqual(RANGE_LIST_PAGES);
  });

  it('finds an address\'s block through a copy\'s own header and list, and none for a range it does not own', () => {
    const dataPageCount = 100;
    const range = 2 * SYSTEM_RANGE_SPAN + 3;
    const pages = new Map<number, number>([
      [IASP_HEADER_PAGE, encodeHeader({ currentRange: range, nextSlot: 1, rangeCounter: range, ownedCount: 2 })],
      [RANGE_LIST_FIRST_PAGE, SYSTEM_RANGE_SPAN + 1 + 1],
      [RANGE_LIST_FIRST_PAGE + 1, range + 1],
      // Landed, but not counted by the header: not owned.
      [RANGE_LIST_FIRST_PAGE + 2, range + 2],
    ]);
    const peek = (page: number): number => pages.get(page) ?? 0;
    expect(directoryPageOn(dataPageCount, addressOf(range, 5), peek)).toBe(directoryPageAt(dataPageCount, 1, addressOf(range, 5)));
    expect(directoryPageOn(dataPageCount, addressOf(range + 1, 5), peek)).toBeUndefined();
    expect(directoryPageOn(dataPageCount, addressOf(range, 5), () => 0)).toBeUndefined();
  });

  it('places every directory page after the data area and inside the IASP', () => {
    const dataPageCount = 100;
    const lastOfSystem2 = addressOf(2 * SYSTEM_RANGE_SPAN + 15, SLOTS_PER_RANGE - 1);
    for (const [position, address] of [[0, 0], [5, addressOf(SYSTEM_RANGE_SPAN + 5, 17)], [DIRECTORY_BLOCKS - 1, lastOfSystem2]]) {
      const page = directoryPageAt(dataPageCount, position, address);
      expect(page).toBeGreaterThanOrEqual(directoryFirstPage(dataPageCount));
      expect(page).toBeLessThan(iaspPageCount(dataPageCount));
    }
    expect(directoryFirstPage(dataPageCount)).toBe(DATA_FIRST_PAGE + dataPageCount);
  });
});
