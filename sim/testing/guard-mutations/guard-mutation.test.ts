// The mutation catalogue is well formed: unique ids, each caught by test files that exist, or saying why not.
// and still applying once; whether each is still caught is run.ts's job (minutes, not part of `npm test`).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUARD_MUTATIONS } from './guard-mutation.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('the guard mutation catalogue', () => {
  it('names each mutation once, in a file of src/, caught by existing tests or with a reason why none', () => {
    const ids = GUARD_MUTATIONS.map((mutation) => mutation.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const mutation of GUARD_MUTATIONS) {
      expect(existsSync(join(ROOT, mutation.file)), mutation.id).toBe(true);
      expect(mutation.file.startsWith('src/'), mutation.id).toBe(true);
      expect(mutation.find, mutation.id).not.toBe(mutation.replace);
      for (const test of mutation.caughtBy) expect(existsSync(join(ROOT, test)), `${mutation.id}: ${test}`).toBe(true);
      expect(mutation.caughtBy.length > 0 || (mutation.defence ?? '').length > 0, mutation.id).toBe(true);
    }
  });

  it('finds each guard\'s text exactly once in its file (a stale entry names a guard that changed)', () => {
    const stale = GUARD_MUTATIONS.filter((mutation) => {
      const text = readFileSync(join(ROOT, mutation.file), 'utf8');
      return text.split(mutation.find).length !== 2;
    }).map((mutation) => mutation.id);
    expect(stale).toEqual([]);
  });
});
