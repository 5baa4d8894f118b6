// The main entry (`mirrorsim`) never reaches vitest through its imports, so a script can use it without
// vitest installed; the `mirrorsim/vitest` entry does import it (a peer dependency of that entry only).

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every package each module reached from `entry` imports (static and dynamic), found by walking the sources. */
function packagesReached(entry: string): Map<string, string> {
  const reached = new Map<string, string>(); // package -> the first module that imports it
  const seen = new Set<string>();
  const pending = [resolve(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const pattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;
    const specifiers = [...text.matchAll(pattern)]
      .map((match) => match[1] ?? match[2]);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (!reached.has(specifier)) reached.set(specifier, file.slice(root.length));
    }
  }
  expect(seen.size).toBeGreaterThan(20);
  return reached;
}

describe('entry import graphs', () => {
  it('the main entry reaches no vitest (and no test helper)', () => {
    const reached = packagesReached('sim/index.ts');
    expect([...reached.keys()].filter((name) => name.startsWith('vitest') || name.startsWith('@vitest'))).toEqual([]);
    expect(reached.has('seedrandom')).toBe(true); // the walk does follow the simulator's imports
  });

  it('the vitest entry imports vitest', () => {
    expect(packagesReached('sim/vitest/index.ts').get('vitest')).toBe('sim/vitest/index.ts');
  });
});
