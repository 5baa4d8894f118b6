// The resume rules of a sweep directory, one case per row: what is refused, what is repaired, what is kept.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario/load-scenario.js';
import { makeManifest, manifestText } from '../../sweep/sweep-manifest.js';
import { type SweepRow, rowLine } from '../../sweep/sweep-row.js';
import { openSweepDirectory } from './sweep-directory.js';

const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-sweep-dir-'));
const scenario = loadScenario('smoke');
const seeds = ['1', '2', '3'];
const labels = ['as written'];
const manifest = makeManifest(scenario, '1..3', [''], null);

function row(seed: string, events = 10): SweepRow {
  return {
    seed, variant: 'as written', verdict: 'pass', violations: 0, invariants: [], firstViolationUs: null,
    resolutions: null, events, fingerprints: { schedule: '0', outcome: '0' }, probesUnreached: [],
  };
}
const line = (value: SweepRow): string => `${rowLine(value)}\n`;

let counter = 0;
/** A directory holding these files (undefined: the directory does not exist). */
function directoryWith(files: Record<string, string> | undefined): string {
  counter += 1;
  const directory = join(scratch, `case-${counter}`);
  if (files === undefined) return directory;
  mkdirSync(directory);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

const sameSweep = manifestText(manifest);
const otherSweep = manifestText(makeManifest(scenario, '1..4', [''], null));

describe('sweep --resume', () => {
  it.each([
    ['a directory that does not exist', undefined, [], ''],
    ['an empty directory', {}, [], ''],
    ['a directory of other files', { 'index.html': '<html>' }, [], ''],
    ['the same sweep, whole rows out of order',
      { 'sweep.json': sameSweep, 'results.jsonl': line(row('3')) + line(row('1')) },
      ['1', '3'], line(row('1')) + line(row('3'))],
    ['a torn last row', { 'sweep.json': sameSweep, 'results.jsonl': line(row('1')) + line(row('2')).slice(0, 25) },
      ['1'], line(row('1'))],
    ['only a torn row', { 'sweep.json': sameSweep, 'results.jsonl': line(row('2')).slice(0, 25) }, [], ''],
    ['a duplicate row', { 'sweep.json': sameSweep, 'results.jsonl': line(row('1')) + line(row('1')) },
      ['1'], line(row('1'))],
    ['sweep.json but no results yet', { 'sweep.json': sameSweep }, [], ''],
  ])('continues %s, keeping whole rows in canonical order', (_label, files, kept, text) => {
    const directory = directoryWith(files);
    const opened = openSweepDirectory(directory, manifest, seeds, labels, true);
    expect(opened.existing.map((entry) => entry.seed).sort()).toEqual(kept);
    expect(readFileSync(join(directory, 'results.jsonl'), 'utf8')).toBe(text);
    expect(readFileSync(join(directory, 'sweep.json'), 'utf8')).toBe(sameSweep);
    // Appends go after whole rows, never after a cut one; finish writes the canonical order.
    opened.append(row('2'));
    const all = [...opened.existing.filter((entry) => entry.seed !== '2'), row('2')];
    opened.finish(all);
    const expected = [...all].sort((a, b) => Number(a.seed) - Number(b.seed)).map(line).join('');
    expect(readFileSync(join(directory, 'results.jsonl'), 'utf8')).toBe(expected);
    expect(readdirSync(directory).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it.each([
    ['results without sweep.json', { 'results.jsonl': line(row('1')) },
      /sweep\.json: got no such file, expected a directory written by mirrorsim sweep --report/],
    ['another sweep', { 'sweep.json': otherSweep, 'results.jsonl': line(row('1')) },
      /sweep\.json: seeds: got "1\.\.4", expected "1\.\.3", as this command asks/],
    ['a row of another seed', { 'sweep.json': sameSweep, 'results.jsonl': line(row('9')) },
      /results\.jsonl: got a row for seed "9", variant "as written", expected only runs of this sweep/],
    ['a row that is null', { 'sweep.json': sameSweep, 'results.jsonl': `null\n${line(row('1'))}` },
      /results\.jsonl:1: got "null", expected a results\.jsonl row/],
    ['a corrupt row before the last',
      { 'sweep.json': sameSweep, 'results.jsonl': `{"seed":"1","var${line(row('2'))}` },
      /results\.jsonl:1: got .*expected a results\.jsonl row/],
    ['a sweep.json that is not JSON', { 'sweep.json': '{', 'results.jsonl': '' },
      /sweep\.json: got text that is not JSON/],
  ])('refuses %s and changes nothing', (_label, files, message) => {
    const directory = directoryWith(files);
    expect(() => openSweepDirectory(directory, manifest, seeds, labels, true)).toThrow(message);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(directory, name), 'utf8')).toBe(text);
    expect(readdirSync(directory).sort()).toEqual(Object.keys(files).sort());
  });

  it('without --resume starts afresh, whatever the directory held', () => {
    const directory = directoryWith({ 'sweep.json': otherSweep, 'results.jsonl': line(row('1')) });
    const opened = openSweepDirectory(directory, manifest, seeds, labels, false);
    expect(opened.existing).toEqual([]);
    expect(readFileSync(join(directory, 'results.jsonl'), 'utf8')).toBe('');
    expect(readFileSync(join(directory, 'sweep.json'), 'utf8')).toBe(sameSweep);
    opened.close();
    expect(existsSync(join(directory, 'index.html'))).toBe(false);
  });
});
