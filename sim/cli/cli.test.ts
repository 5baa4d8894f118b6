// The command line as a user meets it: help, exit statuses, one clear message for bad input, atomic files.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = join(root, 'sim/cli/mirrorsim.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-cli-'));

function mirrorsim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [binary, ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scenarioFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe('mirrorsim CLI', () => {
  it('--help lists the commands and the exit statuses', () => {
    const { status, stdout } = mirrorsim('--help');
    expect(status).toBe(0);
    for (const command of ['run [scenario]', 'list', 'validate <files..>']) expect(stdout).toContain(command);
    expect(stdout).toContain('Exit status');
  });

  it('runs the default scenario with exit 0 and prints the verdict', () => {
    const { status, stdout } = mirrorsim('run');
    expect(status).toBe(0);
    expect(stdout).toContain('PASS');
  });

  it('prints one JSON result with --json', () => {
    const { status, stdout } = mirrorsim('run', 'smoke', '--seed', '9', '--json');
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ scenario: 'smoke', seed: '9', verdict: 'pass' });
    expect(result.reproduce).toBe('npx mirrorsim run smoke --seed 9 --variant addressing=system-unique --variant mirroring=correct --variant recovery=gated');
  });

  it.each([
    ['an unknown flag', ['run', '--frobnicate'], /Unknown argument: frobnicate/],
    ['an unknown command', ['fly'], /Unknown argument: fly/],
    ['a missing file', ['run', join(scratch, 'missing.yaml')], /missing\.yaml: got no such file/],
    ['an unknown variant key', ['run', '--variant', 'colour=blue'], /--variant: colour: got "colour", expected a variant key/],
    ['an unknown variant value', ['run', '--variant', 'recovery=sloppy'], /--variant: recovery: got "sloppy", expected one of gated/],
    ['a malformed variant', ['run', '--variant', 'colour'], /--variant: got "colour", expected key=value/],
    ['a bad trace level', ['run', '--trace-level', 'loud'], /Invalid values/],
  ])('exits 2 with one clear message for %s', (_label, args, message) => {
    const { status, stderr } = mirrorsim(...args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    ['wrong type', 'name: t\nduration: 30s\nseed: [1, 2]\n', /:4?\d*:?\d*:? ?seed: got \[1,2\], expected a seed/],
    ['unknown field', 'name: t\nduration: 30s\nwobble: 1\n', /wobble: got 1, expected no field "wobble" here/],
    ['negative duration', 'name: t\nduration: -1s\n', /duration: got "-1s", expected a positive duration/],
    ['bad unit', 'name: t\nduration: 3 weeks\n', /duration: got "3 weeks", expected a positive duration/],
    ['not YAML', 'name: [t\nduration: 1s\n', /got text that is not valid YAML or JSON/],
  ])('validate and run exit 2 naming the field for a scenario with a %s', (_label, text, message) => {
    const file = scenarioFile(`${_label.replace(/\W/g, '-')}.yaml`, text);
    for (const command of ['validate', 'run']) {
      const { status, stderr } = mirrorsim(command, file);
      expect(status).toBe(2);
      expect(stderr).toContain(file);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('writes a trace atomically and leaves an existing trace untouched when the input is bad', () => {
    const trace = join(scratch, 'run.jsonl');
    const { status } = mirrorsim('run', 'smoke', '--trace', trace, '--trace-level', 'full');
    expect(status).toBe(0);
    const written = readFileSync(trace, 'utf8');
    expect(JSON.parse(written.split('\n')[0]).type).toBe('header');
    const bad = mirrorsim('run', 'smoke', '--trace', trace, '--variant', 'nope=1');
    expect(bad.status).toBe(2);
    expect(readFileSync(trace, 'utf8')).toBe(written);
    expect(existsSync(`${trace}.partial-${process.pid}`)).toBe(false);
  });

  it('lists the built-in scenarios', () => {
    const { status, stdout } = mirrorsim('list');
    expect(status).toBe(0);
    expect(stdout).toMatch(/default\s+Seed 000's integrity problem/);
    expect(stdout).toMatch(/smoke\s+Kernel smoke run/);
    expect(stdout).toMatch(/crash-mid-recovery/);
  });
});
