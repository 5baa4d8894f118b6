// Reading a saved trace once before anything compares it: its header field by field, a complete end line last,
// and its hash chain, whose first break is named by the lines it covers.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import {
  asFormatOne, fixtureTrace, isChained, linesOf, rechain, scratchDirectory, writeTrace,
} from '../testing/trace-fixture.js';
import { inspectTraceFile } from './trace-file.js';

const directory = scratchDirectory();
const recorded = linesOf(fixtureTrace('full', 200));
/** 1-based line numbers of the chained lines (checkpoints, then the end line). */
const chainedLines = recorded.flatMap((line, index) => (isChained(line) ? [index + 1] : []));
const last = recorded.length;
const edit = (index: number, change: (line: string) => string) => (lines: string[]) =>
  lines.map((line, at) => (at === index ? change(line) : line));
const header = (change: (fields: Record<string, unknown>) => void) => (lines: string[]) => {
  const fields = JSON.parse(lines[0]) as Record<string, unknown>;
  change(fields);
  return [JSON.stringify(fields), ...lines.slice(1)];
};

describe('inspectTraceFile', () => {
  it.each([
    ['as recorded', (lines: string[]) => lines, 'verified'],
    ['at summary level', () => linesOf(fixtureTrace('summary', 200)), 'verified'],
    ['an event line edited', edit(100, (line) => line.replace('"t":', '"t":1')),
      { fromLine: 1, toLine: chainedLines[0] }],
    ['a line of the third segment edited', edit(chainedLines[2] - 3, (line) => `${line} `),
      { fromLine: chainedLines[1], toLine: chainedLines[2] }],
    ['a line removed', (lines: string[]) => lines.filter((_, at) => at !== 10),
      { fromLine: 1, toLine: chainedLines[0] - 1 }],
    ['a line added', (lines: string[]) => [...lines.slice(0, 10), lines[9], ...lines.slice(10)],
      { fromLine: 1, toLine: chainedLines[0] + 1 }],
    ['a chain field edited', edit(chainedLines[0] - 1, (line) => line.replace(/"chain":"./, '"chain":"g')),
      { fromLine: 1, toLine: chainedLines[0] }],
    ['a checkpoint\'s fingerprint edited',
      edit(chainedLines[1] - 1, (line) => line.replace('"outcome":"', '"outcome":"0')),
      { fromLine: chainedLines[0], toLine: chainedLines[1] }],
    ['the end line edited', edit(last - 1, (line) => line.replace('"violations":0', '"violations":1')),
      { fromLine: chainedLines[chainedLines.length - 2], toLine: last }],
    ['the header edited', header((fields) => (fields.seed = '2')), { fromLine: 1, toLine: chainedLines[0] }],
    ['the end line without its chain', edit(last - 1, (line) => `{${line.slice(76)}`),
      { fromLine: chainedLines[chainedLines.length - 2], toLine: last }],
    ['edited, then its chain made anew', (lines: string[]) => rechain(edit(100, (line) => `${line} `)(lines)),
      'verified'],
    ['in the /1 format (no chain)', asFormatOne, 'absent'],
    ['in the /1 format, edited', (lines: string[]) => edit(100, (line) => `${line} `)(asFormatOne(lines)), 'absent'],
  ])('a trace %s: its chain', (name, mutate, chain) => {
    const path = writeTrace(directory, `${name.replace(/\W/g, '-')}.jsonl`, mutate([...recorded]));
    const inspection = inspectTraceFile(path);
    expect(inspection.chain).toEqual(chain);
    expect(inspection.end.type).toBe('end');
    expect(inspection.header.seed).toMatch(/^[12]$/);
  });

  const text = recorded.map((line) => `${line}\n`).join('');
  const lines = (path: string, content: readonly string[]): string => {
    writeFileSync(path, content.map((line) => `${line}\n`).join(''));
    return path;
  };
  const withHeader = (change: (fields: Record<string, unknown>) => void) => (path: string): string =>
    lines(path, header(change)(recorded));
  it.each([
    ['a missing file', () => join(directory, 'nowhere', 'trace.jsonl'),
      /trace\.jsonl: got no such file, expected a trace file/],
    ['a directory', (path: string) => (mkdirSync(path), path), /: got a directory, expected a trace file/],
    ['an empty file', (path: string) => (writeFileSync(path, ''), path),
      /: got an empty file, expected a mirrorsim-trace\/2 header/],
    ['a file that is not a trace', (path: string) => (writeFileSync(path, 'hello\nworld\n'), path),
      /:1: got "hello", expected a mirrorsim-trace\/2 header line/],
    ['a JSON line that is no header', (path: string) => (writeFileSync(path, `${recorded[1]}\n`), path),
      /:1: got .*header line/],
    ['binary data', (path: string) => (writeFileSync(path, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0x0a, 1])), path),
      /:1: got .*header line/],
    ['an unknown format', withHeader((fields) => (fields.format = 'mirrorsim-trace/9')),
      /:1: format: got "mirrorsim-trace\/9", expected a trace format this mirrorsim reads \(mirrorsim-trace\/1 or /],
    ['checkpointEvery 0', withHeader((fields) => (fields.checkpointEvery = 0)),
      /:1: checkpointEvery: got 0, expected a positive whole number of events/],
    ['checkpointEvery 1.5', withHeader((fields) => (fields.checkpointEvery = 1.5)),
      /:1: checkpointEvery: got 1.5, expected a positive whole number/],
    ['no seed', withHeader((fields) => delete fields.seed),
      /:1: seed: got nothing, expected the root seed/],
    ['trace level off', withHeader((fields) => (fields.traceLevel = 'off')),
      /:1: traceLevel: got "off", expected summary or full/],
    ['maxEvents -1', withHeader((fields) => (fields.maxEvents = -1)),
      /:1: maxEvents: got -1, expected null or a positive whole number/],
    ['no definition', withHeader((fields) => (fields.definition = 'a')),
      /:1: definition: got "a", expected the scenario definition/],
    ['a variant of numbers', withHeader((fields) => (fields.variant = { a: 1 })),
      /:1: variant: got \{"a":1\}, expected the variant/],
    ['cut mid-line', (path: string) => (writeFileSync(path, text.slice(0, text.indexOf('\n', 5000) + 10)), path),
      /:\d+: got .*, expected a complete last line \(the trace is truncated\)/],
    ['cut after a whole line', (path: string) => lines(path, recorded.slice(0, 5)),
      /:5: got .*, expected an end line last \(the trace is truncated\)/],
    ['only a header', (path: string) => lines(path, recorded.slice(0, 1)), /:1: got .*, expected an end line last/],
    ['a header without its newline', (path: string) => (writeFileSync(path, recorded[0]), path),
      /:1: got .*a complete last line/],
  ])('refuses %s with one bad-input message', (name, make, message) => {
    const path = make(join(directory, `bad-${name.replace(/\W/g, '-')}.jsonl`));
    let error: unknown;
    try {
      inspectTraceFile(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toHaveLength(1);
    expect((error as InputError).message).toMatch(message);
  });

  it('names every bad header field at once', () => {
    const path = writeTrace(directory, 'many.jsonl', header((fields) => {
      fields.checkpointEvery = 0;
      fields.seed = '';
    })(recorded));
    expect(() => inspectTraceFile(path)).toThrow(/seed: got ""[^]*checkpointEvery: got 0/);
  });
});
