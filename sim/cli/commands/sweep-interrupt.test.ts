// Stopping a sweep: the signal handlers, the resume command, the statuses; and a real sweep stopped by SIGINT
// and by SIGTERM once it has kept a row (it waits for that row, not for a time).

import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseResults } from '../../sweep/results-file.js';
import {
  SweepInterrupted, abortOnStopSignals, interruptedStatus, interruptionLines, resumeCommand,
} from './sweep-interrupt.js';
import { CLI_BINARY } from '../../testing/cli-binary.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const binary = CLI_BINARY;
const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-interrupt-'));

describe('sweep interruption', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s aborts the sweep once and exits %i', (signal, status) => {
    const source = new EventEmitter();
    const controller = new AbortController();
    abortOnStopSignals(controller, source);
    source.emit(signal);
    expect(controller.signal.reason).toBeInstanceOf(SweepInterrupted);
    expect((controller.signal.reason as SweepInterrupted).signal).toBe(signal);
    expect(interruptedStatus(signal)).toBe(status);
    // A second signal is left to its default action: our handlers are gone.
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
  });

  it.each([
    [{ scenario: 'failover', seeds: '1..100' }, 'npx mirrorsim sweep failover --seeds 1..100 --report DIR'],
    [{ scenario: 'failover', seeds: '1..100', report: 'out/a b' },
      "npx mirrorsim sweep failover --seeds 1..100 --report 'out/a b' --resume"],
    [{ scenario: 'my.yaml', seeds: '1,2', variants: 'a=1+b=2,a=2', workers: 2, shard: '0/4', report: 'out' },
      "npx mirrorsim sweep my.yaml --seeds '1,2' --variants 'a=1+b=2,a=2' --workers 2 --shard 0/4 --report out"
        + ' --resume'],
  ])('prints the command that resumes %j', (args, command) => {
    expect(resumeCommand(args)).toBe(command);
  });

  it('says what was kept, or that nothing was', () => {
    expect(interruptionLines('SIGTERM', 3, 10, '/r/results.jsonl', 'C')).toEqual([
      'mirrorsim: interrupted by SIGTERM: 3 of 10 runs are kept in /r/results.jsonl (runs under way were dropped)',
      'mirrorsim: resume with: C',
    ]);
    expect(interruptionLines('SIGINT', 0, 10, undefined, 'C')[0]).toMatch(/nothing was kept \(no --report\)/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('a real sweep stopped by %s keeps whole rows, says how to resume', async (
    signal,
  ) => {
    const directory = join(scratch, signal);
    const resultsPath = join(directory, 'results.jsonl');
    const args = ['sweep', 'smoke', '--seeds', '1..100000', '--workers', '1', '--report', directory];
    const child = spawn(process.execPath, [binary, ...args], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait (on the file, not the clock) for the first kept row, then stop the sweep.
    const hasRow = (): boolean => existsSync(resultsPath) && readFileSync(resultsPath, 'utf8').includes('\n');
    while (!hasRow() && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill(signal);
    expect(await exited).toBe(interruptedStatus(signal));
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^mirrorsim: interrupted by ${signal}: \\d+ of 100000 runs are kept in `));
    const resume = `npx mirrorsim sweep smoke --seeds 1..100000 --workers 1 --report ${directory} --resume`;
    expect(lines[1]).toBe(`mirrorsim: resume with: ${resume}`);
    const text = readFileSync(resultsPath, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const kept = Number(/(\d+) of 100000/.exec(lines[0])![1]);
    expect(parseResults(resultsPath, text).rows).toHaveLength(kept);
    expect(readdirSync(directory).sort()).toEqual(['results.jsonl', 'sweep.json']);
  }, 120_000);
});
