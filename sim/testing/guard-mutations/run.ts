// Runs the named guard mutations (docs/guards.md): each is applied to a scratch copy of the tree, the tests
// that should catch it run there, and the outcome is printed. Minutes, not part of `npm test`. Usage:
//   npx tsx sim/testing/guard-mutations/run.ts [ID-PREFIX ...]     (default: every mutation some test catches)
// A mutation whose text no longer occurs once is "stale": its guard changed, so update the catalogue entry.
// Under each caught mutation, the tests that failed are listed (file: test), as docs/guards.md cites them.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { GUARD_MUTATIONS, type GuardMutation } from './guard-mutation.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const COPIED = ['src', 'sim', 'scenarios', 'docs', 'package.json', 'tsconfig.json', 'vitest.config.ts'];

type Outcome = 'caught' | 'SURVIVED' | 'STALE' | 'BROKEN';

interface Result {
  readonly outcome: Outcome;
  /** `file: test` of each test that failed under the mutation. */
  readonly failed: readonly string[];
}

function runTests(work: string, mutation: GuardMutation): Result {
  const report = join(work, 'mutation-report.json');
  const args = ['vitest', 'run', ...mutation.caughtBy, '--maxWorkers=1', '--reporter=json', `--outputFile=${report}`];
  spawnSync('npx', args, { cwd: work, encoding: 'utf8' });
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
    testResults: { name: string; status: string; assertionResults: { status: string; title: string }[] }[];
  };
  const failed = parsed.testResults.flatMap((file) => file.assertionResults
    .filter((test) => test.status === 'failed')
    .map((test) => `${relative(work, file.name)}: ${test.title}`));
  const unloadable = parsed.testResults.some((file) => file.status === 'failed' && file.assertionResults.length === 0);
  if (failed.length > 0) return { outcome: 'caught', failed };
  return { outcome: unloadable ? 'BROKEN' : 'SURVIVED', failed };
}

function main(prefixes: readonly string[]): number {
  const chosen = GUARD_MUTATIONS.filter((mutation) => mutation.caughtBy.length > 0)
    .filter((mutation) => prefixes.length === 0 || prefixes.some((prefix) => mutation.id.startsWith(prefix)));
  const work = mkdtempSync(join(tmpdir(), 'mirrorsim-mutations-'));
  let failures = 0;
  try {
    for (const entry of COPIED) cpSync(join(ROOT, entry), join(work, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
    for (const mutation of chosen) {
      const path = join(work, mutation.file);
      const original = readFileSync(path, 'utf8');
      let result: Result = { outcome: 'STALE', failed: [] };
      if (original.split(mutation.find).length === 2) {
        writeFileSync(path, original.replace(mutation.find, () => mutation.replace));
        try {
          result = runTests(work, mutation);
        } finally {
          writeFileSync(path, original);
        }
      }
      if (result.outcome !== 'caught') failures += 1;
      process.stdout.write(`${result.outcome.padEnd(8)} ${mutation.id}  (${mutation.caughtBy.join(', ')})\n`);
      for (const test of result.failed) process.stdout.write(`           ${test}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(`${chosen.length - failures} of ${chosen.length} mutations caught\n`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
