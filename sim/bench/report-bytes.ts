// Byte comparison of everything a sweep and a run write: the same sweep with 1, 2 and 4 workers, as shards
// put together by `merge`, and under several LANG / LC_ALL / TZ settings must give identical results.jsonl,
// index.html, summary.json, summary.md and sweep.json; `run --report` the same files under every setting.
// Usage: tsx sim/bench/report-bytes.ts [--scenario NAME] [--seeds 1..12] [--variants A,B] [--shards 3] [--root DIR]
// (--root: the checkout whose CLI to run, e.g. an older one for a before/after figure).
// Exits 1 if any file differs (and prints which); spawns the CLI, so it takes a minute or two.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionValues } from './script-options.js';

const root = optionValues('--root')[0] ?? fileURLToPath(new URL('../..', import.meta.url));
const binary = join(root, 'sim/cli/mirrorsim.mjs');
const scenario = optionValues('--scenario')[0] ?? 'detach-reattach';
const seeds = optionValues('--seeds')[0] ?? '1..12';
const variants = optionValues('--variants')[0] ?? 'addressing=shared-range,addressing=system-unique';
const shardCount = Number(optionValues('--shards')[0] ?? '3');
const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-bytes-'));

/** Locale and time-zone settings that a locale- or zone-dependent formatter would show. */
const SETTINGS: readonly Record<string, string>[] = [
  { LANG: 'C', LC_ALL: 'C', TZ: 'UTC' },
  { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', TZ: 'America/New_York' },
  { LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', TZ: 'Asia/Kolkata' },
  { LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8', TZ: 'Pacific/Chatham' },
  { LANG: 'ar_EG.UTF-8', LC_ALL: 'ar_EG.UTF-8', TZ: 'Australia/Lord_Howe' },
];
const SWEEP_FILES = ['results.jsonl', 'index.html', 'summary.json', 'summary.md', 'sweep.json'];
const RUN_FILES = ['index.html', 'summary.json', 'summary.md'];

function mirrorsim(args: readonly string[], environment: Record<string, string> = {}): number | null {
  const env = { ...process.env, ...environment };
  const result = spawnSync(process.execPath, [binary, ...args], { cwd: root, encoding: 'utf8', env });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`mirrorsim ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return result.status;
}

const sweepArgs = ['sweep', scenario, '--seeds', seeds, '--variants', variants];
/** Each directory to compare, by what made it. */
const sweeps = new Map<string, string>();
for (const workers of [1, 2, 4]) {
  const directory = join(scratch, `workers-${workers}`);
  mirrorsim([...sweepArgs, '--workers', String(workers), '--report', directory]);
  sweeps.set(`--workers ${workers}`, directory);
}
const shardDirectories = Array.from({ length: shardCount }, (_, index) => join(scratch, `shard-${index}`));
shardDirectories.forEach((directory, index) => {
  mirrorsim([...sweepArgs, '--workers', '2', '--shard', `${index}/${shardCount}`, '--report', directory]);
});
const merged = join(scratch, 'merged');
mirrorsim(['merge', ...shardDirectories, '--report', merged]);
sweeps.set(`${shardCount} shards + merge`, merged);
SETTINGS.forEach((setting, index) => {
  const directory = join(scratch, `setting-${index}`);
  mirrorsim([...sweepArgs, '--workers', '2', '--report', directory], setting);
  sweeps.set(Object.entries(setting).map(([name, value]) => `${name}=${value}`).join(' '), directory);
});
const runs = new Map<string, string>();
SETTINGS.forEach((setting, index) => {
  const directory = join(scratch, `run-${index}`);
  mirrorsim(['run', 'crash-mid-recovery', '--report', directory], setting);
  runs.set(Object.entries(setting).map(([name, value]) => `${name}=${value}`).join(' '), directory);
});

const digest = (path: string): string =>
  (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16) : 'missing');
let differences = 0;
function compare(title: string, directories: Map<string, string>, files: readonly string[]): void {
  console.log(`\n${title}`);
  for (const file of files) {
    const digests = [...directories].map(([label, directory]) => [label, digest(join(directory, file))] as const);
    const distinct = new Set(digests.map(([, value]) => value));
    const ok = distinct.size === 1 && !distinct.has('missing');
    if (!ok) differences += 1;
    const verdict = ok ? `identical in all ${digests.length} (sha256 ${digests[0][1]})` : 'DIFFERS:';
    console.log(`  ${file.padEnd(14)} ${verdict}`);
    if (!ok) for (const [label, value] of digests) console.log(`    ${value}  ${label}`);
  }
}
const sweepTitle = `sweep ${scenario} --seeds ${seeds} --variants ${variants}: ${[...sweeps.keys()].join('; ')}`;
compare(sweepTitle, sweeps, SWEEP_FILES);
compare(`run crash-mid-recovery --report, under: ${[...runs.keys()].join('; ')}`, runs, RUN_FILES);
rmSync(scratch, { recursive: true, force: true });
console.log(differences === 0 ? '\nall files byte-identical' : `\n${differences} file(s) differ`);
process.exitCode = differences === 0 ? 0 : 1;
