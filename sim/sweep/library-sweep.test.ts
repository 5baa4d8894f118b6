// The library's runSweep gives the rows of the CLI's results.jsonl and the summary of its --json, over
// threads and in-process alike; writeSweepReport leaves the directory `sweep --report` leaves, byte for byte.

import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, formatIssue } from '../errors.js';
import { writeSweepReport } from '../report/write-report.js';
import { parseScenarioOrThrow } from '../scenario/scenario-input.js';
import { TINY_DETACH, scenarioFile } from '../testing/library-fixtures.js';
import { type SweepResult, runSweep } from './library-sweep.js';
import { resultsText } from './results-file.js';
import type { SweepRow } from './sweep-row.js';
import { CLI_BINARY } from '../testing/cli-binary.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const file = scenarioFile('tiny-detach', TINY_DETACH);
const cliDirectory = join(file, '..', 'cli-report');
const VARIANTS = ['addressing=shared-range', 'addressing=system-unique'];
const REPORT_FILES = ['index.html', 'results.jsonl', 'summary.json', 'summary.md', 'sweep.json'];
let cliJson: { variants: unknown[] };
let threads: SweepResult;

beforeAll(async () => {
  const args = ['sweep', file, '--seeds', '1..2', '--variants', VARIANTS.join(','), '--workers', '2', '--report',
    cliDirectory, '--json'];
  const binary = CLI_BINARY;
  const cli = spawnSync(process.execPath, [binary, ...args], { cwd: root, encoding: 'utf8' });
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(1); // shared-range finds foreign resolutions
  cliJson = JSON.parse(cli.stdout);
  threads = await runSweep({ scenario: file, seeds: '1..2', variants: VARIANTS, workers: 2 });
}, 120_000);

async function rejection(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('runSweep (library)', () => {
  it('gives the CLI\'s results.jsonl rows and summary, over threads and in-process', async () => {
    const cliResults = readFileSync(join(cliDirectory, 'results.jsonl'), 'utf8');
    expect(threads.rows).toHaveLength(4);
    expect(resultsText(threads.rows)).toBe(cliResults);
    expect(JSON.parse(JSON.stringify(threads.summaries))).toEqual(cliJson.variants);
    expect(threads.anyViolation).toBe(true);
    // A scenario parsed from text, variants as objects, every run in this thread: the same rows.
    const scenario = parseScenarioOrThrow(TINY_DETACH, { source: file });
    const seen: SweepRow[] = [];
    const progress: number[] = [];
    const inProcess = await runSweep({
      scenario, seeds: [1, 2], variants: VARIANTS.map((item) => ({ addressing: item.split('=')[1] })),
      workers: 'in-process', onRow: (row) => seen.push(row), onProgress: (done) => progress.push(done),
    });
    expect(resultsText(inProcess.rows)).toBe(cliResults);
    expect(inProcess.summaries).toEqual(threads.summaries);
    expect(seen).toHaveLength(4);
    expect(progress).toEqual([0, 1, 2, 3, 4]);
    expect(inProcess.variants.map((variant) => variant.label)).toEqual(VARIANTS);
  }, 120_000);

  it('writeSweepReport writes the directory the CLI writes, byte for byte', async () => {
    const written = await writeSweepReport(join(file, '..', 'library-report'), threads);
    expect(written.files.map((path) => path.slice(written.directory.length + 1)).sort()).toEqual(REPORT_FILES);
    expect(readdirSync(written.directory).sort()).toEqual(REPORT_FILES); // no temporary file left
    for (const name of REPORT_FILES) {
      expect(readFileSync(join(written.directory, name), 'utf8'), name)
        .toBe(readFileSync(join(cliDirectory, name), 'utf8'));
    }
  }, 120_000);

  it('runs one shard of the seeds, and records it as the CLI would', async () => {
    const shard = await runSweep({ scenario: 'smoke', seeds: '1..5', shard: '1/2', workers: 'in-process' });
    expect(shard.seeds).toEqual(['3', '4', '5']);
    expect(shard.seedsLabel).toBe('1..5, shard 1/2');
    expect(shard.manifest).toMatchObject({ seeds: '1..5', variants: [''], shard: { index: 1, count: 2 } });
    expect(shard.variants).toEqual([{ label: 'as written', item: '', values: {} }]);
  });

  it('stops at an abort: rejects with its reason and keeps no later row', async () => {
    const controller = new AbortController();
    const rows: SweepRow[] = [];
    const stop = new Error('enough');
    const outcome = runSweep({ scenario: 'smoke', seeds: '1..5', workers: 'in-process', signal: controller.signal,
      onRow: (row) => {
        rows.push(row);
        controller.abort(stop);
      } });
    await expect(outcome).rejects.toBe(stop);
    expect(rows).toHaveLength(1);
  });

  it.each([
    ['no seeds', { scenario: 'smoke' }, 'options.seeds: got nothing, expected a value (required option)'],
    ['bad seeds', { scenario: 'smoke', seeds: '5..1' }, 'options.seeds: got "5..1", expected'],
    ['a bad seed in a list', { scenario: 'smoke', seeds: [1, -2] },
      'options.seeds[1]: got -2, expected a whole number'],
    ['a bad variant', { scenario: 'smoke', seeds: '1', variants: ['recovery=sloppy'] },
      'options.variants[0]: recovery: got "sloppy", expected one of'],
    ['a malformed variant', { scenario: 'smoke', seeds: '1', variants: ['recovery'] },
      'options.variants[0]: got "recovery", expected key=value'],
    ['a variant twice', { scenario: 'smoke', seeds: '1', variants: [{}, ''] },
      'options.variants[1]: got "", expected each variant once; options.variants[0] is the same variant of smoke'],
    ['bad workers', { scenario: 'smoke', seeds: '1', workers: 0 }, 'options.workers: got 0, expected a whole number'],
    ['a bad shard', { scenario: 'smoke', seeds: '1..2', shard: { index: 2, count: 2 } }, 'options.shard: got "2/2"'],
    ['an unknown scenario', { scenario: 'no-such-one', seeds: '1' }, 'no-such-one: got no such file'],
  ])('refuses %s in the library\'s words', async (_label, options, message) => {
    const messages = await rejection(runSweep(options as never));
    expect(messages[0]).toContain(message);
    expect(messages.join('\n')).not.toMatch(/--/);
  });
});
