// Full-disk check of every file mirrorsim writes: on a small tmpfs filled to leave a little room, `run --report`,
// `run --trace` and `sweep --report` must either fit or exit 2 with one line naming the path, and never leave a
// truncated file under a final name nor a temporary file. Then: a sweep stopped by the full disk resumes, once
// there is room, to the same bytes as on a roomy disk; and a temporary file of a killed run is removed by the
// next write into its directory.
// Usage (root, to mount the tmpfs): tsx sim/bench/full-disk.ts [--mount DIR of a small file system to use instead]
// [--root DIR: the checkout whose CLI to run, e.g. an older one for a before/after figure]

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, statfsSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResults } from '../sweep/results-file.js';
import { optionValues } from './script-options.js';

const root = optionValues('--root')[0] ?? fileURLToPath(new URL('../..', import.meta.url));
const binary = join(root, 'sim/cli/mirrorsim.mjs');
const given = optionValues('--mount')[0];
const mount = given ?? mkdtempSync(join(tmpdir(), 'mirrorsim-full-'));
if (given === undefined) {
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2M', 'tmpfs', mount], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    const why = mounted.stderr.trim() || 'not root?';
    console.log(`cannot mount a tmpfs (${why}): give --mount DIR of a small file system`);
    process.exit(0);
  }
}
const FILLER = join(mount, 'filler');

function mirrorsim(args: readonly string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [binary, ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

/** Empties the file system, then fills it to leave `freeBytes` (rounded down to whole blocks). */
function leaveFree(freeBytes: number): void {
  for (const name of readdirSync(mount)) rmSync(join(mount, name), { recursive: true, force: true });
  const stats = statfsSync(mount);
  const available = stats.bavail * stats.bsize;
  writeFileSync(FILLER, Buffer.alloc(Math.max(0, available - freeBytes)));
}

function allFiles(directory: string): string[] {
  const names = readdirSync(directory, { recursive: true }).map(String);
  return names.filter((name) => statSync(join(directory, name)).isFile());
}

/** Why a file under a final name is not complete, or undefined if it is. */
function incompleteness(path: string): string | undefined {
  const text = readFileSync(path, 'utf8');
  const name = path.split('/').pop()!;
  try {
    if (name.endsWith('.html')) return text.endsWith('</html>\n') ? undefined : 'html cut short';
    if (name.endsWith('.json')) return JSON.parse(text) === undefined ? 'empty' : undefined;
    if (name.endsWith('.md')) return text.endsWith('\n') ? undefined : 'markdown cut short';
    if (name === 'results.jsonl') return parseResults(path, text).tornLastLine ? 'a torn last row' : undefined;
    if (name.endsWith('.jsonl')) return /"type":"end"[^\n]*\n$/.test(text) ? undefined : 'trace without its end line';
  } catch (error) {
    return (error as Error).message.slice(0, 60);
  }
  return undefined;
}

interface Case {
  readonly label: string;
  readonly args: (out: string) => string[];
  readonly freeBytes: readonly number[];
}
const CASES: readonly Case[] = [
  {
    label: 'run --report',
    args: (out) => ['run', 'crash-mid-recovery', '--report', join(out, 'report')],
    freeBytes: [0, 4096, 24576, 28672, 262144],
  },
  {
    label: 'run --trace',
    args: (out) => ['run', 'disk-loss-recovery', '--trace-level', 'full', '--trace', join(out, 'run.jsonl')],
    freeBytes: [0, 65536, 1048576],
  },
  {
    label: 'run --trace (s)',
    args: (out) => ['run', 'disk-loss-recovery', '--trace', join(out, 'run.jsonl')],
    freeBytes: [0, 1048576],
  },
  {
    label: 'sweep --report',
    args: (out) => ['sweep', 'smoke', '--seeds', '1..60', '--workers', '2', '--report', join(out, 'sweep')],
    freeBytes: [0, 8192, 20480, 40960, 262144],
  },
];

let failures = 0;
console.log('command          free  exit  files left (final names)                     check  message');
for (const entry of CASES) {
  for (const freeBytes of entry.freeBytes) {
    leaveFree(freeBytes);
    const out = join(mount, 'out');
    const { status, stderr } = mirrorsim(entry.args(out));
    const files = existsSync(out) ? allFiles(out) : [];
    const problems: string[] = [];
    if (files.some((name) => name.includes('.partial'))) problems.push('a temporary file is left');
    for (const name of files) {
      const why = incompleteness(join(out, name));
      if (why !== undefined) problems.push(`${name}: ${why}`);
    }
    const lines = stderr.trim() === '' ? [] : stderr.trim().split('\n');
    if (status === 2) {
      if (lines.length !== 1) problems.push(`${lines.length} lines of message`);
      if (!lines[0]?.startsWith(`mirrorsim: ${mount}`)) problems.push('the message does not start with the path');
      if (/\n\s+at /.test(stderr)) problems.push('a stack trace');
    } else if (status !== 0 && status !== 1) problems.push(`exit ${status}`);
    if (problems.length > 0) failures += 1;
    const message = lines[0] === undefined ? '(fits)' : lines[0].replace(`mirrorsim: ${mount}/`, '').slice(0, 150);
    const kept = files.map((name) => relative(out, join(out, name))).sort().join(' ') || '-';
    const columns = [entry.label.padEnd(15), `${String(freeBytes / 1024).padStart(4)}K `, String(status).padStart(4),
      ` ${kept.slice(0, 44).padEnd(44)}`, problems.length === 0 ? 'ok   ' : 'FAIL ',
      ` ${problems.join('; ') || message}`];
    console.log(columns.join(' '));
  }
}

// A sweep stopped by the full disk, resumed once there is room: the same bytes as on a roomy disk.
const sweep = ['sweep', 'smoke', '--seeds', '1..60', '--workers', '2'];
const reference = mkdtempSync(join(tmpdir(), 'mirrorsim-reference-'));
mirrorsim([...sweep, '--report', reference]);
leaveFree(8192);
const resumed = join(mount, 'resumed');
const stopped = mirrorsim([...sweep, '--report', resumed]);
const resumedResults = join(resumed, 'results.jsonl');
const rowsKept = existsSync(resumedResults) ? readFileSync(resumedResults, 'utf8').split('\n').length - 1 : 0;
rmSync(FILLER);
const again = mirrorsim([...sweep, '--report', resumed, '--resume']);
const same = ['results.jsonl', 'index.html', 'summary.json', 'summary.md', 'sweep.json']
  .filter((name) => readFileSync(join(resumed, name), 'utf8') === readFileSync(join(reference, name), 'utf8'));
const resumeOk = stopped.status === 2 && (again.status === 0 || again.status === 1) && same.length === 5;
if (!resumeOk) failures += 1;
console.log(`\nresume after a full disk: stopped with exit ${stopped.status} keeping ${rowsKept} of 60 rows;`
  + ` resumed with exit ${again.status};`
  + ` ${same.length} of 5 files byte-identical to a roomy disk's: ${resumeOk ? 'ok' : 'FAIL'}`);
rmSync(reference, { recursive: true, force: true });

// A run killed while writing its trace leaves NAME.partial-PID; the next write into that directory removes it.
leaveFree(1 << 30);
const staleDirectory = join(mount, 'stale');
mkdirSync(staleDirectory);
const longRun = [binary, 'run', 'volume-1gib-under-load', '--trace', join(staleDirectory, 'long.jsonl')];
const killed: ChildProcess = spawn(process.execPath, longRun, { cwd: root });
const partialOf = (): string[] => readdirSync(staleDirectory).filter((name) => name.includes('.partial-'));
for (let polls = 0; partialOf().length === 0 && polls < 600; polls += 1) spawnSync('sleep', ['0.1']);
killed.kill('SIGKILL');
await new Promise((resolve) => killed.on('exit', resolve));
const left = partialOf();
mirrorsim(['run', 'smoke', '--trace', join(staleDirectory, 'next.jsonl')]);
const after = partialOf();
const staleOk = left.length === 1 && after.length === 0;
if (!staleOk) failures += 1;
console.log(`stale temporary file: a killed run left ${left.join(', ') || 'none'};`
  + ` after the next run into that directory: ${after.join(', ') || 'none'}: ${staleOk ? 'ok' : 'FAIL'}`);

for (const name of readdirSync(mount)) rmSync(join(mount, name), { recursive: true, force: true });
if (given === undefined) {
  spawnSync('umount', [mount]);
  rmSync(mount, { recursive: true, force: true });
}
console.log(failures === 0 ? '\nevery case ok' : `\n${failures} case(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
