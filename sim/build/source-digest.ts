// A digest of what the build compiles (sources, package.json, tsconfig files), written into dist/ by the build:
// tests run the compiled executable when dist/ was built from the sources as they are, else the sources via tsx.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the build writes the digest, inside the build directory. */
export const DIGEST_FILE = 'dist/source-digest.txt';

/** Bound on the files digested: a tree this large is not this project's. */
const MAX_FILES = 10_000;

/** Every non-test TypeScript file under `sim/` and `src/`, in code-unit order, plus the build's settings. */
export function buildInputs(root: string): string[] {
  const files: string[] = [];
  const walk = (directory: string): void => {
    const entries = readdirSync(join(root, directory), { withFileTypes: true })
      .map((entry) => ({ name: entry.name, directory: entry.isDirectory() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = `${directory}/${entry.name}`;
      if (entry.directory) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
      if (files.length > MAX_FILES) throw new Error(`source digest: more than ${MAX_FILES} files under ${root}`);
    }
  };
  walk('sim');
  walk('src');
  return [...files, 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
}

/** The digest of the build's inputs under `root`: each file's path and bytes. */
export function sourceDigest(root: string): string {
  const hash = createHash('sha256');
  for (const path of buildInputs(root)) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(root, path)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether `root`'s dist/ was built from the sources as they are now (its digest matches). */
export function buildIsCurrent(root: string): boolean {
  const file = join(root, DIGEST_FILE);
  return existsSync(file) && readFileSync(file, 'utf8').trim() === sourceDigest(root);
}
