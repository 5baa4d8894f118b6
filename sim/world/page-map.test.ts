// The page map behaves as a Map from page to token iterated in page order, whatever mix of sparse and dense chunks.
import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../errors.js';
import { PAGE_MAP_CHUNK_PAGES, PAGE_MAP_DENSE_AFTER, PageMap } from './page-map.js';

function lcg(seed: number): (limit: number) => number {
  let state = seed;
  return (limit) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * limit);
  };
}

function sortedEntries(reference: Map<number, number>, first = 0, end = Infinity): [number, number][] {
  return [...reference].filter(([page]) => page >= first && page < end).sort((a, b) => a[0] - b[0]);
}

describe('PageMap', () => {
  // [case, pages the operations touch, operations, share of deletes]
  const cases: [string, number, number, number][] = [
    ['a few pages far apart (all sparse)', 1e12, 200, 0.2],
    ['one chunk filled past the dense threshold', PAGE_MAP_CHUNK_PAGES, 2000, 0.1],
    ['a small volume, dense chunks emptied again', 4 * PAGE_MAP_CHUNK_PAGES, 20_000, 0.5],
    ['a large volume, mixed', 1_000_000, 30_000, 0.05],
  ];
  for (const [name, pageSpan, operations, deleteShare] of cases) {
    it(`${name}: agrees with a Map on every read and iteration`, () => {
      const next = lcg(pageSpan % 9973);
      const map = new PageMap();
      const reference = new Map<number, number>();
      for (let step = 0; step < operations; step += 1) {
        const pageIndex = next(pageSpan);
        if (next(1000) < deleteShare * 1000) expect(map.delete(pageIndex)).toBe(reference.delete(pageIndex));
        else {
          const token = 1 + next(2 ** 40);
          map.set(pageIndex, token);
          reference.set(pageIndex, token);
        }
        const probe = next(pageSpan);
        expect(map.get(probe)).toBe(reference.get(probe));
        expect(map.has(probe)).toBe(reference.has(probe));
      }
      expect(map.size).toBe(reference.size);
      expect([...map.entries()]).toEqual(sortedEntries(reference));
      expect([...map.keys()]).toEqual(sortedEntries(reference).map(([page]) => page));
      for (let range = 0; range < 20; range += 1) {
        const first = next(pageSpan);
        const end = first + 1 + next(3 * PAGE_MAP_CHUNK_PAGES);
        expect([...map.entriesInRange(first, end)], `${first}..${end}`).toEqual(sortedEntries(reference, first, end));
        expect(map.entriesInRangeArray(first, end), `${first}..${end}`).toEqual(sortedEntries(reference, first, end));
      }
      map.clear();
      expect(map.size).toBe(0);
      expect([...map.entries()]).toEqual([]);
    });
  }

  it('turns a chunk dense just past the threshold and keeps every token through the move', () => {
    const map = new PageMap();
    const page = (slot: number): number => 3 * PAGE_MAP_CHUNK_PAGES + 2 * slot;
    for (let slot = 0; slot <= PAGE_MAP_DENSE_AFTER; slot += 1) map.set(page(slot), 10 + slot);
    expect(map.size).toBe(PAGE_MAP_DENSE_AFTER + 1);
    for (let slot = 0; slot <= PAGE_MAP_DENSE_AFTER; slot += 1) expect(map.get(page(slot))).toBe(10 + slot);
    expect(map.get(3 * PAGE_MAP_CHUNK_PAGES + 1)).toBeUndefined();
  });

  it('rejects a token of 0 (that is "never written"), a non-integer token and a negative page', () => {
    const rejected: [string, () => void][] = [
      ['zero token', () => new PageMap().set(1, 0)],
      ['fractional token', () => new PageMap().set(1, 1.5)],
      ['unsafe token', () => new PageMap().set(1, 2 ** 53)],
      ['negative page', () => new PageMap().set(-1, 1)],
    ];
    for (const [name, make] of rejected) expect(make, name).toThrow(AssertionFailure);
  });
});
