// The version set answers like a Set of positive integers, in about one bit a version.
import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../errors.js';
import { VersionSet } from './version-set.js';

describe('VersionSet', () => {
  // [case, versions added]
  const cases: [string, number[]][] = [
    ['none', []],
    ['one', [1]],
    ['every other of a run, as two writers interleave', Array.from({ length: 100_000 }, (_, index) => 1 + 2 * index)],
    ['a whole chunk and more (turned into a mark)', Array.from({ length: 70_000 }, (_, index) => index + 1)],
    ['far apart and repeated', [5, 5, 2 ** 40, 2 ** 52 + 1, 32_767, 32_768, 32_769, 5]],
  ];
  for (const [name, versions] of cases) {
    it(`${name}: has() agrees with a Set, size counts each version once`, () => {
      const set = new VersionSet();
      const reference = new Set<number>();
      for (const version of versions) {
        set.add(version);
        reference.add(version);
      }
      expect(set.size).toBe(reference.size);
      const neighbours = versions.flatMap((version) => [version - 1, version + 1]);
      const probes = [0, -3, 1.5, Number.MAX_SAFE_INTEGER, ...versions, ...neighbours];
      for (const probe of probes) expect(set.has(probe), String(probe)).toBe(reference.has(probe));
      set.clear();
      expect(set.size).toBe(0);
      for (const version of versions) expect(set.has(version)).toBe(false);
    });
  }

  it('rejects a version that is not a positive safe integer', () => {
    for (const version of [0, -1, 2.5, 2 ** 53]) {
      expect(() => new VersionSet().add(version), String(version)).toThrow(AssertionFailure);
    }
  });
});
