// --exit-zero-on-violations: a sweep or merge that ran and found violations exits 0; every failure keeps its status.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitStatus, applyViolationPolicy } from './exit-status.js';
import { resumeCommand } from './commands/sweep-interrupt.js';
import { CLI_BINARY } from '../testing/cli-binary.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = CLI_BINARY;
const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-exit-policy-'));
const FLAG = '--exit-zero-on-violations';
const NOTE = /found violations: exit 0, as --exit-zero-on-violations asks/;

function mirrorsim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [binary, ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('exit status policy for batch systems', () => {
  it.each([
    [ExitStatus.violation, true, ExitStatus.ok],
    [ExitStatus.violation, false, ExitStatus.violation],
    [ExitStatus.ok, true, ExitStatus.ok],
    [ExitStatus.badInput, true, ExitStatus.badInput],
    [ExitStatus.internalError, true, ExitStatus.internalError],
    [ExitStatus.interrupted, true, ExitStatus.interrupted],
    [ExitStatus.terminated, true, ExitStatus.terminated],
  ])('status %i with the flag %s stays apart from a failure: %i', (status, flag, expected) => {
    const notes: string[] = [];
    expect(applyViolationPolicy(status, flag, 'the sweep', (line) => notes.push(line))).toBe(expected);
    expect(notes.length).toBe(status === expected ? 0 : 1);
    for (const note of notes) expect(note).toMatch(NOTE);
  });

  it('the resume command keeps the flag, so a resumed task keeps the policy', () => {
    const args = {
      scenario: 'default', seeds: '1..4', shard: '1/2', report: 'out/1', exitZeroOnViolations: true,
    };
    expect(resumeCommand(args))
      .toBe(`npx mirrorsim sweep default --seeds 1..4 --shard 1/2 --report out/1 --resume ${FLAG}`);
  });

  it('sweep and merge exit 0 with the flag when runs break invariants, 1 without it; the files are the same', () => {
    const sweep = [
      'sweep', 'detach-reattach', '--seeds', '1..2', '--variants', 'addressing=shared-range', '--workers', '1',
    ];
    const shards = [0, 1].map((index) => {
      const directory = join(scratch, `shard-${index}`);
      const result = mirrorsim(...sweep, '--shard', `${index}/2`, '--report', directory, FLAG);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/shared-range\s+1\s+1 \(100%\)/);
      expect(result.stderr).toMatch(NOTE);
      return directory;
    });
    const lenient = mirrorsim('merge', ...shards, '--report', join(scratch, 'merged-0'), FLAG);
    expect(lenient.status, lenient.stderr).toBe(0);
    expect(lenient.stdout).toMatch(/shared-range\s+2\s+2 \(100%\)/);
    expect(lenient.stderr).toMatch(NOTE);
    const strict = mirrorsim('merge', ...shards, '--report', join(scratch, 'merged-1'));
    expect(strict.status).toBe(1);
    expect(strict.stderr).not.toMatch(NOTE);
    for (const name of ['results.jsonl', 'summary.json', 'summary.md', 'index.html', 'sweep.json']) {
      expect(readFileSync(join(scratch, 'merged-0', name), 'utf8'), name)
        .toBe(readFileSync(join(scratch, 'merged-1', name), 'utf8'));
    }
    const plain = mirrorsim(...sweep.map((arg) => (arg === '1..2' ? '1' : arg)));
    expect(plain.status).toBe(1);
  }, 120_000);

  it('failures keep their status with the flag: bad input is 2, a missing shard is 2', () => {
    const badSeeds = mirrorsim('sweep', 'detach-reattach', '--seeds', '1-3', FLAG);
    expect(badSeeds.status).toBe(2);
    expect(badSeeds.stderr).toMatch(/--seeds/);
    const missing = mirrorsim('merge', join(scratch, 'no-such-shard'), '--report', join(scratch, 'nowhere'), FLAG);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no-such-shard.sweep\.json: got no such file/);
  });

  it('a clean sweep exits 0 with the flag and prints no note', () => {
    const clean = mirrorsim('sweep', 'smoke', '--seeds', '1', '--workers', '1', FLAG);
    expect(clean.status).toBe(0);
    expect(clean.stderr).not.toMatch(NOTE);
  });
});
