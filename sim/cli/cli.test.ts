// The command line as a user meets it: help, exit statuses, one clear message for bad input, atomic files.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_BINARY } from '../testing/cli-binary.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = CLI_BINARY;
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
    for (const command of ['run [scenario]', 'sweep <scenario>', 'merge <shards..>', 'replay <trace>', 'diff <traceA> <traceB>', 'list', 'validate <files..>']) expect(stdout).toContain(command);
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
    ['an unknown command', ['fly'], /Unknown command "fly" \(see mirrorsim --help\)/],
    ['a mistyped command', ['swep', 'x'], /Unknown command "swep"; did you mean sweep\?/],
    ['a mistyped scenario', ['run', 'swarm-bussy'], /swarm-bussy: got no such file, expected .*; did you mean swarm-busy\?/],
    ['a mistyped variant key', ['run', '--variant', 'adressing=shared-range'], /did you mean addressing\?/],
    ['a mistyped variant value', ['run', '--variant', 'addressing=shared-rang'], /did you mean shared-range\?/],
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

  it('replay verifies a saved trace; an edited checkpoint or event line is named; diff names the first difference',
    () => {
    const first = join(scratch, 'seed1.jsonl');
    const second = join(scratch, 'seed2.jsonl');
    expect(mirrorsim('run', 'disk-loss-recovery', '--seed', '1', '--trace', first, '--trace-level', 'full').status).toBe(0);
    expect(mirrorsim('run', 'disk-loss-recovery', '--seed', '2', '--trace', second, '--trace-level', 'full').status).toBe(0);
    const replay = mirrorsim('replay', first);
    expect(replay.status).toBe(0);
    expect(replay.stdout).toMatch(/VERIFIED\s+\d+ checkpoints/);
    const lines = readFileSync(first, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('"type":"checkpoint"'));
    const edited = (at: number, change: (line: string) => string): string => {
      const path = join(scratch, `edited-${at}.jsonl`);
      writeFileSync(path, lines.map((line, where) => (where === at ? change(line) : line)).join('\n'));
      return path;
    };
    const checkpoint = mirrorsim('replay', edited(index, (line) => line.replace(/"outcome":"[0-9a-f]{16}"/, '"outcome":"0000000000000000"')));
    expect(checkpoint.status).toBe(1);
    expect(checkpoint.stdout).toMatch(new RegExp(`ALTERED   line ${index + 1} differs`));
    const event = mirrorsim('replay', edited(index - 5, (line) => line.replace('"kind":"', '"kind":"x')));
    expect(event.status).toBe(1);
    expect(event.stdout).toMatch(new RegExp(`ALTERED   line ${index - 4} differs`));
    const corrupt = mirrorsim('replay', edited(3, () => '{"n":1,oops'));
    expect(corrupt.status).toBe(1);
    expect(corrupt.stdout).toMatch(/ALTERED   line 4 differs/);
    const diff = mirrorsim('diff', first, second);
    expect(diff.status).toBe(1);
    expect(diff.stdout).toMatch(/headers differ in: seed/);
    expect(diff.stdout).toMatch(/first divergence at line \d+ \(event \d+/);
    expect(mirrorsim('diff', first, first).stdout).toContain('identical');
  });

  it.each([
    ['truncated mid-line', (text: string) => text.slice(0, text.indexOf('\n', text.length >> 1) + 10), /:\d+: got .*expected a complete last line \(the trace is truncated\)/],
    ['cut after a whole line', (text: string) => text.split('\n').slice(0, 5).join('\n') + '\n', /:5: got .*expected an end line last \(the trace is truncated\)/],
    ['with checkpointEvery 0', (text: string) => text.replace('"checkpointEvery":4096', '"checkpointEvery":0'), /:1: checkpointEvery: got 0, expected a positive whole number/],
    ['that is not one', () => 'name: smoke\n', /:1: got "name: smoke", expected a mirrorsim-trace\/2 header line/],
    ['that is empty', () => '', /: got an empty file, expected a mirrorsim-trace\/2 header line/],
  ])('replay and diff exit 2 with one message for a trace %s', (_, mutate, message) => {
    const saved = join(scratch, 'seed1.jsonl');
    const broken = join(scratch, `broken-${_.replace(/\W/g, "-")}.jsonl`);
    writeFileSync(broken, mutate(readFileSync(saved, 'utf8')));
    for (const args of [['replay', broken], ['diff', saved, broken]]) {
      const { status, stderr } = mirrorsim(...args);
      expect(status).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it.each([
    ['a directory', () => scratch, /: got a directory, expected a trace file written by mirrorsim run --trace/],
    ['a missing file', () => join(scratch, 'no-such-trace.jsonl'), /: got no such file, expected a trace file/],
  ])('replay and diff exit 2 with one message for %s given as the trace', (_, path, message) => {
    for (const args of [['replay', path()], ['diff', path(), path()]]) {
      const { status, stderr } = mirrorsim(...args);
      expect(status).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('run --report writes the same files twice, byte for byte', () => {
    const first = join(scratch, 'report-a');
    const second = join(scratch, 'report-b');
    expect(mirrorsim('run', 'crash-mid-recovery', '--report', first).status).toBe(0);
    expect(mirrorsim('run', 'crash-mid-recovery', '--report', second).status).toBe(0);
    for (const name of ['index.html', 'summary.json', 'summary.md']) expect(readFileSync(join(second, name), 'utf8'), name).toBe(readFileSync(join(first, name), 'utf8'));
  });

  it('sweep gives the same results.jsonl with 1 and 2 workers, resumes an interrupted sweep, and prints the table', () => {
    const one = join(scratch, 'sweep-1');
    const two = join(scratch, 'sweep-2');
    const args = ['sweep', 'detach-reattach', '--seeds', '1..3', '--variants', 'addressing=shared-range,addressing=system-unique'];
    const first = mirrorsim(...args, '--workers', '1', '--report', one);
    const second = mirrorsim(...args, '--workers', '2', '--report', two);
    expect(first.status).toBe(1);
    // The heading comes first (before the runs), then the table within 80 columns and one replay template.
    expect(first.stdout.startsWith('sweep detach-reattach  seeds 1..3 (3)  2 variants, 6 runs  1 worker\n')).toBe(true);
    expect(first.stdout).toMatch(/^addressing +seeds/m);
    expect(first.stdout).toMatch(/^shared-range\s+3\s+3 \(100%\)\s+100%/m);
    expect(first.stdout).toMatch(/^system-unique\s+3\s+0 \(0%\)\s+100%/m);
    expect(first.stdout).toContain('  foreignResolution (3): 1..3\n');
    expect(first.stdout).toContain('\nnpx mirrorsim run detach-reattach --seed SEED --variant addressing=shared-range\n');
    for (const line of first.stdout.split('\n')) if (!line.startsWith('npx ') && !line.startsWith('report ')) expect(line.length, line).toBeLessThanOrEqual(80);
    const sorted = (directory: string) => readFileSync(join(directory, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).sort();
    expect(sorted(one)).toHaveLength(6);
    // Rewritten in canonical order at the end: the same bytes whatever the worker count.
    expect(readFileSync(join(two, 'results.jsonl'), 'utf8')).toBe(readFileSync(join(one, 'results.jsonl'), 'utf8'));
    for (const name of ['index.html', 'summary.json', 'summary.md']) expect(existsSync(join(one, name)), name).toBe(true);
    // An interrupted sweep: keep two finished lines and a line cut short, then resume.
    const kept = readFileSync(join(one, 'results.jsonl'), 'utf8').split('\n').slice(0, 2).join('\n') + '\n{"seed":"2","var';
    writeFileSync(join(one, 'results.jsonl'), kept);
    expect(mirrorsim(...args, '--workers', '2', '--report', one, '--resume').status).toBe(1);
    expect(readFileSync(join(one, 'results.jsonl'), 'utf8')).toBe(readFileSync(join(two, 'results.jsonl'), 'utf8'));
  });

  it('sweep exits 2 with one message for bad seeds or workers', () => {
    const seeds = mirrorsim('sweep', 'detach-reattach', '--seeds', '10..1');
    expect(seeds.status).toBe(2);
    expect(seeds.stderr).toMatch(/--seeds: got "10\.\.1", expected .*a range such as 1\.\.1000/);
    expect(seeds.stderr).toContain('the range 10..1 is empty');
    const workers = mirrorsim('sweep', 'detach-reattach', '--seeds', '1..2', '--workers', '0');
    expect(workers.status).toBe(2);
    expect(workers.stderr).toMatch(/--workers: got "0", expected a whole number from 1 to 256/);
  });

  it('merge of a sweep run as shards writes the same report as the whole sweep', () => {
    const args = ['sweep', 'detach-reattach', '--seeds', '1..5', '--variants', 'addressing=shared-range,addressing=system-unique', '--workers', '2'];
    const whole = join(scratch, 'shards-whole');
    expect(mirrorsim(...args, '--report', whole).status).toBe(1);
    const shards = [0, 1].map((index) => join(scratch, `shard-${index}`));
    shards.forEach((directory, index) => {
      const shard = mirrorsim(...args, '--shard', `${index}/2`, '--report', directory);
      expect(shard.status).toBe(1);
      expect(shard.stdout).toContain(`seeds 1..5, shard ${index}/2`);
    });
    const merged = join(scratch, 'shards-merged');
    const merge = mirrorsim('merge', ...shards, '--report', merged);
    expect(merge.status).toBe(1);
    expect(merge.stdout).toMatch(/^shared-range\s+5\s+5 \(100%\)/m);
    for (const name of ['index.html', 'summary.json', 'summary.md', 'sweep.json']) expect(readFileSync(join(merged, name), 'utf8'), name).toBe(readFileSync(join(whole, name), 'utf8'));
    const sorted = (directory: string) => readFileSync(join(directory, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).sort();
    expect(sorted(merged)).toHaveLength(10);
    const results = (directory: string) => readFileSync(join(directory, 'results.jsonl'), 'utf8');
    expect(results(merged)).toBe(results(whole));

    // Bad input: one clear message each, exit 2, nothing written.
    const other = join(scratch, 'shard-other-seeds');
    expect(mirrorsim(...args.map((arg) => (arg === '1..5' ? '1..6' : arg)), '--shard', '1/2', '--report', other).status).toBe(1);
    const cut = join(scratch, 'shard-cut');
    expect(mirrorsim(...args, '--shard', '1/2', '--report', cut).status).toBe(1);
    writeFileSync(join(cut, 'results.jsonl'), readFileSync(join(cut, 'results.jsonl'), 'utf8').split('\n').slice(0, 2).join('\n'));
    const nowhere = join(scratch, 'merge-nowhere');
    const cases: [string[], RegExp][] = [
      [[shards[0]], /got 1 of 2 shards, expected every shard; missing: 1\/2/],
      [[shards[0], other], /shard-other-seeds.sweep\.json: seeds: got "1\.\.6", expected "1\.\.5"/],
      [[shards[0], cut], /shard-cut.results\.jsonl: got 2 of 6 runs, expected shard 1\/2 complete/],
      [[shards[0], whole], /shards-whole.sweep\.json: shard: got null, expected a shard K\/N/],
      [[shards[0], join(scratch, 'no-such-dir')], /no-such-dir.sweep\.json: got no such file/],
    ];
    for (const [directories, message] of cases) {
      const result = mirrorsim('merge', ...directories, '--report', nowhere);
      expect(result.status, directories.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toContain('    at ');
    }
    expect(existsSync(nowhere)).toBe(false);
  }, 300_000); // six sweep processes: minutes on a loaded 2-core machine

  it('sweep refuses a bad --shard, and a --resume of a different sweep, with one message', () => {
    const shard = mirrorsim('sweep', 'detach-reattach', '--seeds', '1..4', '--shard', '4/4', '--report', join(scratch, 'bad-shard'));
    expect(shard.status).toBe(2);
    expect(shard.stderr).toMatch(/--shard: got "4\/4", expected K\/N with 0 <= K < N/);
    const directory = join(scratch, 'resume-other');
    expect(mirrorsim('sweep', 'detach-reattach', '--seeds', '1..2', '--report', directory).status).not.toBe(2);
    const before = readFileSync(join(directory, 'results.jsonl'), 'utf8');
    const resume = mirrorsim('sweep', 'detach-reattach', '--seeds', '1..3', '--report', directory, '--resume');
    expect(resume.status).toBe(2);
    expect(resume.stderr).toMatch(/sweep\.json: seeds: got "1\.\.2", expected "1\.\.3", as this command asks: --resume continues only the same sweep/);
    expect(readFileSync(join(directory, 'results.jsonl'), 'utf8')).toBe(before);
  });

  it('keeps going when its reader closes the pipe early: no stack trace, the report still written', () => {
    const directory = join(scratch, 'closed-pipe');
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${binary}" sweep detach-reattach --seeds 1..2 --report "${directory}" | head -c 1`], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).not.toContain('EPIPE');
    expect(existsSync(join(directory, 'index.html'))).toBe(true);
  });
});
