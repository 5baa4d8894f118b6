// The build's digest: current right after a build, stale after any source byte changes, and what tests spawn.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInputs, buildIsCurrent, DIGEST_FILE, sourceDigest } from './source-digest.js';

describe('the source digest', () => {
  it('is current for the digest written, and stale once a source file or package.json changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'mirrorsim-digest-'));
    for (const part of ['sim/kernel', 'src/ports']) {
      cpSync(join(process.cwd(), part), join(root, part), { recursive: true });
    }
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(file, join(root, file));
    expect(buildIsCurrent(root)).toBe(false); // no dist/ yet
    cpSync(join(process.cwd(), 'sim/kernel'), join(root, 'dist/sim/kernel'), { recursive: true });
    writeFileSync(join(root, DIGEST_FILE), `${sourceDigest(root)}\n`);
    expect(buildIsCurrent(root)).toBe(true);
    const inputs = buildInputs(root);
    expect(inputs.some((path) => path.endsWith('.test.ts'))).toBe(false);
    expect(inputs.some((path) => path.startsWith('dist/'))).toBe(false);
    const source = join(root, inputs[0]);
    writeFileSync(source, `${readFileSync(source, 'utf8')} `);
    expect(buildIsCurrent(root)).toBe(false);
    writeFileSync(join(root, DIGEST_FILE), `${sourceDigest(root)}\n`);
    expect(buildIsCurrent(root)).toBe(true);
    writeFileSync(join(root, 'package.json'), '{}\n');
    expect(buildIsCurrent(root)).toBe(false);
  });
});
