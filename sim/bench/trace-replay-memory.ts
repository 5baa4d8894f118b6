// The trace acceptance check (issue 11, scope 3): records a full-level trace of at least --bytes (default 1 GiB)
// from a long read-heavy volume run, replays it (streamed: peak RSS must stay under --limit-mib, default 300),
// then edits one event line in the middle in place and checks replay names that line; prints the figures.
// Usage: tsx sim/bench/trace-replay-memory.ts [--bytes N] [--dir DIR] [--limit-mib N] [--keep]   (takes minutes)

import { spawnSync } from 'node:child_process';
import {
  closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionValues } from './script-options.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'sim/cli/mirrorsim.mjs');
const preload = join(root, 'sim/bench/peak-rss.mjs');
const targetBytes = Number(optionValues('--bytes')[0] ?? 2 ** 30);
const limitMiB = Number(optionValues('--limit-mib')[0] ?? 300);
const directory = mkdtempSync(join(optionValues('--dir')[0] ?? tmpdir(), 'mirrorsim-trace-bench-'));
const keep = process.argv.includes('--keep');
if (!(Number.isSafeInteger(targetBytes) && targetBytes > 0) || !(limitMiB > 0)) {
  process.stderr.write('trace bench: --bytes and --limit-mib take positive numbers\n');
  process.exit(2);
}

/** A volume that is read far more than written: many events per simulated second, little state kept per event. */
const scenario = (durationS: number): string => `# The trace bench's run: long, read-heavy, a disk failure early.
name: trace-bench
description: A 1 GiB duplexed volume, read 1000 times a second, for ${durationS} s (the trace bench).
duration: ${durationS}s
volume:
  size: 1GiB
  regionSize: 4MiB
  disk: { model: seekTransfer, seek: 100us, bandwidth: 200MB/s }
  recoveryPriority: normal
  operator: { recoverAfter: 2s }
workload: { writes: 2/s, reads: 1000/s, pattern: skewed }
faults:
  schedule:
    - { at: 10s, action: diskFailure, copy: 0 }
`;

interface Measured {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallS: number;
  readonly peakRssMiB: number;
}

function mirrorsim(...args: string[]): Measured {
  const rssFile = join(directory, 'peak-rss');
  rmSync(rssFile, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', preload, cli, ...args], {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, MIRRORSIM_PEAK_RSS_FILE: rssFile },
  });
  const wallS = (performance.now() - started) / 1000;
  const peakRssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, wallS, peakRssMiB };
}

function record(durationS: number, trace: string): Measured {
  const path = join(directory, 'trace-bench.yaml');
  writeFileSync(path, scenario(durationS));
  const run = mirrorsim('run', path, '--trace', trace, '--trace-level', 'full');
  if (run.status !== 0) throw new Error(`the recording run failed (${run.status}): ${run.stderr}${run.stdout}`);
  return run;
}

/** The 1-based number of the line that starts after byte `offset`, and where that line starts. */
function lineAfter(path: string, offset: number): { line: number; start: number } {
  const descriptor = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let newlines = 0;
  let position = 0;
  try {
    for (;;) {
      const count = readSync(descriptor, buffer, 0, buffer.length, position);
      if (count === 0) throw new Error(`no line after byte ${offset}`);
      for (let index = 0; index < count; index += 1) {
        if (buffer[index] !== 0x0a) continue;
        newlines += 1;
        if (position + index >= offset) return { line: newlines + 1, start: position + index + 1 };
      }
      position += count;
    }
  } finally {
    closeSync(descriptor);
  }
}

/** Rewrites one byte of the file in place; returns the byte it replaced. */
function poke(path: string, offset: number, byte: number): number {
  const descriptor = openSync(path, 'r+');
  try {
    const old = Buffer.alloc(1);
    readSync(descriptor, old, 0, 1, offset);
    writeSync(descriptor, Buffer.from([byte]), 0, 1, offset);
    return old[0];
  } finally {
    closeSync(descriptor);
  }
}

const figures: string[] = [];
let failed = false;
const check = (ok: boolean, what: string): void => {
  figures.push(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  failed ||= !ok;
};
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const measured = (child: Measured): string =>
  `${child.wallS.toFixed(0)} s wall, peak RSS ${child.peakRssMiB.toFixed(0)} MiB, exit ${child.status}`;

try {
  // Calibrate: trace bytes per simulated second, from a short run; then one run long enough for the target.
  const calibration = join(directory, 'calibration.jsonl');
  const calibrationS = 120;
  record(calibrationS, calibration);
  const bytesPerS = statSync(calibration).size / calibrationS;
  rmSync(calibration);
  const durationS = Math.ceil((targetBytes / bytesPerS) * 1.05);
  const trace = join(directory, 'trace.jsonl');
  const about = mib(durationS * bytesPerS);
  process.stderr.write(`trace bench: recording ${durationS} s simulated (about ${about}) into ${trace}\n`);
  const run = record(durationS, trace);
  const size = statSync(trace).size;
  figures.push(`run      ${measured(run)}, trace ${mib(size)} (${size} bytes)`);
  check(size >= targetBytes, `the trace is at least ${targetBytes} bytes`);

  process.stderr.write('trace bench: replaying it\n');
  const replay = mirrorsim('replay', trace);
  figures.push(`replay   ${measured(replay)}`);
  const verified = replay.status === 0 && /^VERIFIED /m.test(replay.stdout);
  check(verified, `replay says VERIFIED: ${replay.stdout.split('\n')[1]}`);
  check(replay.peakRssMiB < limitMiB, `replay's peak RSS is under ${limitMiB} MiB`);

  // One digit of an event line's time, in the middle of the file, changed in place (same length).
  const { line, start } = lineAfter(trace, Math.floor(size / 2));
  const head = Buffer.alloc(200);
  const descriptor = openSync(trace, 'r');
  readSync(descriptor, head, 0, head.length, start);
  closeSync(descriptor);
  const text = head.toString('latin1');
  const digit = text.indexOf('"t":') + 5;
  const shown = text.slice(0, text.indexOf('\n'));
  check(text.startsWith('{"kind":') && digit > 4, `line ${line} is an event line: ${shown}`);
  const old = poke(trace, start + digit, text.charCodeAt(digit) === 0x39 ? 0x30 : text.charCodeAt(digit) + 1);
  process.stderr.write(`trace bench: replaying it with line ${line} edited\n`);
  const edited = mirrorsim('replay', trace);
  poke(trace, start + digit, old);
  figures.push(`edited   ${measured(edited)}`);
  check(edited.status === 1 && edited.stdout.includes(`ALTERED   line ${line} differs`),
    `replay names the edited line: ${edited.stdout.split('\n')[1]}`);
  check(edited.peakRssMiB < limitMiB, `the edited replay's peak RSS is under ${limitMiB} MiB`);
} finally {
  if (!keep) rmSync(directory, { recursive: true, force: true });
}
process.stdout.write(`trace bench (${keep ? directory : 'files removed'})\n${figures.join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
