// The package as a consumer gets it: built, packed, checked by publint and arethetypeswrong, then installed from
// the tarball into a scratch project outside this tree and used from plain node, the bin, vitest and tsc --strict.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIsCurrent } from './build/source-digest.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-package-'));
const consumer = join(scratch, 'consumer');
const installed = join(consumer, 'node_modules', 'mirrorsim');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string; dependencies: Record<string, string>; exports: Record<string, unknown>;
};
// The nested tools must not think they run inside this vitest (its worker variables) nor pick up its colour.
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
childEnv.NO_COLOR = '1';
let tarball = '';

interface Ran { status: number | null; stdout: string; stderr: string }

function run(command: string, args: readonly string[], cwd = consumer): Ran {
  const result = spawnSync(command, args, { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The scratch project: the tarball unpacked as node_modules/mirrorsim, and nothing else of this tree but links to
 * the packed package.json's own dependencies (so an undeclared one, tsx say, fails to resolve) and vitest.
 */
function makeConsumer(): void {
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  const packedJson = readFileSync(join(installed, 'package.json'), 'utf8');
  const packed = JSON.parse(packedJson) as { dependencies: Record<string, string> };
  for (const name of [...Object.keys(packed.dependencies), 'vitest']) {
    symlinkSync(join(root, 'node_modules', name), join(consumer, 'node_modules', name), 'dir');
  }
  const consumerJson = { name: 'consumer', private: true, type: 'module' };
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify(consumerJson)}\n`);
}

beforeAll(() => {
  // Built again only when dist/ is not the build of these sources (the digest is written last, so other test
  // files, which spawn dist/ only when it is current, never see a build half done).
  if (!buildIsCurrent(root)) execFileSync('npm', ['run', 'build'], { cwd: root, env: childEnv, stdio: 'pipe' });
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
    cwd: root, env: childEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  tarball = join(scratch, (JSON.parse(packed) as { filename: string }[])[0].filename);
  makeConsumer();
}, 240_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed package', () => {
  it('holds the build, the scenarios and the docs, and no sources, tests or benchmarks', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const files = listing.map((line) => line.replace(/^package\//, ''));
    const expected = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/sim/index.js',
      'dist/sim/index.d.ts', 'dist/sim/cli/bin.js', 'dist/sim/sweep/sweep-worker-body.js', 'scenarios/default.yaml'];
    for (const file of expected) expect(files).toContain(file);
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /\.test\.|\/bench\/|\/testing\/|\.mjs$/.test(file))).toEqual([]);
  });

  it('publint finds nothing, not even a suggestion', async () => {
    const bytes = readFileSync(tarball);
    const tarballBytes = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    const { messages, pkg } = await publint({ pack: { tarball: tarballBytes }, strict: true });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`)).toEqual([]);
  });

  it('arethetypeswrong finds no problem for an ESM-only package, offline', () => {
    // --no-definitely-typed: no look-up of @types packages on the registry; the check reads the tarball alone.
    const attw = join(root, 'node_modules', '.bin', 'attw');
    const result = run(attw, ['--profile', 'esm-only', '--no-definitely-typed', '--format', 'json', tarball], scratch);
    const report = JSON.parse(result.stdout) as { analysis: { problems: { resolutionKind?: string }[] } };
    // The JSON lists every problem; the esm-only profile (the exit status) ignores node10 and require() from CJS.
    const ignored = new Set(['node10', 'node16-cjs']);
    expect(report.analysis.problems.filter((problem) => !ignored.has(problem.resolutionKind ?? ''))).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('exports every public entry whose file exists', () => {
    // The vitest matchers and the scenario schema come from other work: once their files exist, they are exported.
    const exports = packageJson.exports;
    if (existsSync(join(root, 'sim', 'vitest', 'index.ts'))) expect(exports).toHaveProperty(['./vitest']);
    const schema = join(root, 'scenarios', 'mirrorsim.schema.json');
    if (existsSync(schema)) expect(exports).toHaveProperty(['./scenario.schema.json']);
    expect(Object.keys(packageJson.dependencies)).not.toContain('tsx');
  });
});

describe('a consumer of the tarball', () => {
  it('imports it from plain node ESM and runs a scenario', () => {
    const script = "import('mirrorsim').then((m) => { const r = m.runScenario(m.loadScenario('default'), "
      + "{ variant: { addressing: 'shared-range' } }); console.log(r.verdict, r.geo.resolutions.foreign > 0); })";
    const result = run(process.execPath, ['-e', script]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('fail true\n');
  });

  it('has no TypeScript tooling at hand: the checks above ran compiled JavaScript', () => {
    const probe = "import('tsx').then(() => console.log('found'), (e) => console.log(e.code))";
    const result = run(process.execPath, ['-e', probe]);
    expect(result.stdout).toBe('ERR_MODULE_NOT_FOUND\n');
  });

  it('runs the bin from the build: --version, run, and a sweep whose workers run the compiled body', () => {
    const bin = join(installed, 'dist', 'sim', 'cli', 'bin.js');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(run(process.execPath, [bin, '--version']).stdout).toBe(`${packageJson.version}\n`);
    // --help prints the text the build cached, which is what yargs prints from source (the launcher has none).
    const fromSource = spawnSync(process.execPath, [join(root, 'sim/cli/mirrorsim.mjs'), '--help'], {
      cwd: root, encoding: 'utf8',
    });
    expect(readFileSync(join(installed, 'dist/sim/cli/help.txt'), 'utf8')).toBe(fromSource.stdout);
    expect(run(process.execPath, [bin, '--help']).stdout).toBe(fromSource.stdout);
    const ran = run(process.execPath, [bin, 'run', 'smoke']);
    expect(ran.status, ran.stderr).toBe(0);
    const swept = run(process.execPath, [bin, 'sweep', 'smoke', '--seeds', '1..2', '--workers', '2', '--json']);
    expect(swept.status, swept.stderr).toBe(0);
    expect((JSON.parse(swept.stdout) as { variants: { seedsRun: number }[] }).variants[0].seedsRun).toBe(2);
  });

  it('type-checks with tsc --strict and needs no @types package', () => {
    writeFileSync(join(consumer, 'use.ts'), [
      "import { type RunResult, InputError, listScenarios, loadScenario, runScenario } from 'mirrorsim';",
      "const result: RunResult = runScenario(loadScenario('smoke'), { seed: '1' });",
      "const verdict: 'pass' | 'fail' = result.verdict;",
      'const badInput = (error: unknown): boolean => error instanceof InputError;',
      'console.log(listScenarios().length, badInput(new Error()));',
      'console.log(verdict);',
      '',
    ].join('\n'));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--strict', '--noEmit', '--module', 'nodenext', '--target', 'es2022', '--listFiles', 'use.ts'];
    const result = run(process.execPath, [tsc, ...args]);
    expect(result.stdout.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    expect(result.status).toBe(0);
    const files = result.stdout.split('\n');
    const loaded = files.filter((line) => line.includes('/node_modules/') && !line.includes('/typescript/lib/'));
    expect(loaded.some((file) => file.endsWith('mirrorsim/dist/sim/index.d.ts'))).toBe(true);
    expect(loaded.filter((file) => !file.includes('/node_modules/mirrorsim/dist/'))).toEqual([]);
  });

  it('runs a vitest file that imports it (clean under tsc --strict), which passes and fails as it should', () => {
    writeFileSync(join(consumer, 'regression.test.ts'), [
      "import { expect, it } from 'vitest';",
      "import { runScenario } from 'mirrorsim';",
      "import { seedTable } from 'mirrorsim/vitest';",
      "it('the fix resolves no pointer to a foreign object', () => {",
      "  const result = runScenario('default', { variant: { addressing: 'system-unique' } });",
      "  expect(result.verdict).toBe('pass');",
      '  expect(result.geo!.resolutions.foreign).toBe(0);',
      '});',
      "it('the problem does too (it must fail)', () => {",
      "  const result = runScenario('default', { variant: { addressing: 'shared-range' } });",
      '  expect(result.geo!.resolutions.foreign).toBe(0);',
      '});',
      "it.each(seedTable(1, 1))('the fix holds every invariant on seed %s (matcher)', (seed) => {",
      "  const result = runScenario('default', { seed, variant: { addressing: 'system-unique' } });",
      '  expect(result).toHoldAllInvariants();',
      '  expect(result).toHaveNoForeignResolutions();',
      '});',
      "it('the problem has no foreign resolution (matcher; it must fail)', () => {",
      "  const result = runScenario('default', { variant: { addressing: 'shared-range' } });",
      '  expect(result).toHaveNoForeignResolutions();',
      '});',
      '',
    ].join('\n'));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = run(process.execPath, [tsc, '--strict', '--noEmit', '--module', 'nodenext', '--target', 'es2022',
      'regression.test.ts']);
    expect(checked.stdout).toBe('');
    expect(checked.status).toBe(0);
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
    const args = ['run', '--reporter=json', '--outputFile=vitest.json', '--testTimeout=120000'];
    const result = run(process.execPath, [vitest, ...args]);
    expect(result.status).toBe(1);
    const report = JSON.parse(readFileSync(join(consumer, 'vitest.json'), 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    const tests = report.testResults.flatMap((file) => file.assertionResults);
    expect(tests.map((test) => [test.title, test.status])).toEqual([
      ['the fix resolves no pointer to a foreign object', 'passed'],
      ['the problem does too (it must fail)', 'failed'],
      ['the fix holds every invariant on seed 1 (matcher)', 'passed'],
      ['the problem has no foreign resolution (matcher; it must fail)', 'failed'],
    ]);
    expect(tests[1].failureMessages.join('\n')).toMatch(/expected \d+ to be \+0/);
    // The matcher's message carries the causal chain and the command that reproduces the run.
    expect(tests[3].failureMessages.join('\n')).toMatch(/foreign/);
    expect(tests[3].failureMessages.join('\n')).toMatch(/mirrorsim run default --seed/);
  });
});
