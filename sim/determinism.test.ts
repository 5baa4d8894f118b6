// Guards the product's first promise: same scenario + seed → same fingerprints and trace bytes, in any process.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Files outside simulated paths: the CLI, build steps, sweep orchestration (threads), reports, benchmarks, tests,
 * the wall-clock module.
 */
function isOutsideSimulatedPaths(path: string): boolean {
  return /\.(test|bench)\.ts$/.test(path) || /(^|\/)(cli|build|bench|testing|sweep)\//.test(path)
    || path.endsWith('runner/wall-clock.ts') || /(^|\/)report\//.test(path);
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\.now\b|\bnew Date\b/, 'the wall clock (Date)'],
  [/\bperformance\.now\b|\bprocess\.hrtime\b/, 'the wall clock (performance.now / hrtime)'],
  [/\bset(Timeout|Interval|Immediate)\b|\bqueueMicrotask\b/, 'timers'],
  [/\bcrypto\b|\brandomUUID\b|\bgetRandomValues\b/, 'crypto randomness'],
  [/\basync\b|\bawait\b|\bPromise\b|\.then\(/, 'async/await or Promises'],
];

describe('determinism guard', () => {
  it('no simulated path in sim/ or src/ reads the wall clock, Math.random, timers, crypto or Promises', () => {
    const files = ['sim', 'src'].flatMap((folder) => sourceFiles(join(root, folder))).filter((path) => !isOutsideSimulatedPaths(relative(root, path)));
    expect(files.length).toBeGreaterThan(10);
    const offences: string[] = [];
    for (const path of files) {
      readFileSync(path, 'utf8').split('\n').forEach((line, index) => {
        const code = line.replace(/\/\/.*$/, '').replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "''");
        for (const [pattern, what] of FORBIDDEN) if (pattern.test(code)) offences.push(`${relative(root, path)}:${index + 1} uses ${what}`);
      });
    }
    expect(offences).toEqual([]);
  });

  it('the guard itself catches an offending line (it can fail)', () => {
    const offending = "const jitter = Math.random() * 10; await tick();";
    const hits = FORBIDDEN.filter(([pattern]) => pattern.test(offending)).map(([, what]) => what);
    expect(hits).toEqual(['Math.random', 'async/await or Promises']);
  });

  it('two separate processes give byte-identical traces and equal fingerprints; another seed differs', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mirrorsim-determinism-'));
    const file = join(directory, 'scenario.yaml');
    writeFileSync(file, 'name: twin\nduration: 120s\nfaults:\n  random: { test.blip: 2/s, test.hum: 1/s }\n  swarm: true\n');
    const runInProcess = (seed: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(root, 'sim/testing/run-fixture-scenario.ts'), file, seed], { cwd: root, encoding: 'utf8' }));
    const first = runInProcess('11');
    const second = runInProcess('11');
    expect(first.trace.length).toBeGreaterThan(1000);
    expect(second.trace).toBe(first.trace);
    expect(second.fingerprints).toEqual(first.fingerprints);
    const other = runInProcess('12');
    expect(other.fingerprints.schedule).not.toBe(first.fingerprints.schedule);
    expect(other.fingerprints.outcome).not.toBe(first.fingerprints.outcome);
  });
});
