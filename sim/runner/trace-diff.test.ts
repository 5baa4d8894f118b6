// Diffing two traces: the header fields that differ, the first line that differs (chain fields aside), and the
// lines before it, read back from the first trace.

import { describe, expect, it } from 'vitest';
import {
  asFormatOne, fixtureTrace, linesOf, rechain, scratchDirectory, writeTrace,
} from '../testing/trace-fixture.js';
import { inspectTraceFile } from './trace-file.js';
import { diffTraces } from './trace-diff.js';

const directory = scratchDirectory();
const recorded = linesOf(fixtureTrace('full', 200));
const otherSeed = linesOf(fixtureTrace('full', 200, '2'));
type Lines = string[];
const edit = (line: number, change: (text: string) => string) => (lines: Lines): Lines =>
  lines.map((text, index) => (index === line - 1 ? change(text) : text));
const shifted = (text: string): string => text.replace('"t":', '"t":1');

describe('diffTraces', () => {
  it.each([
    ['the same trace', (lines: Lines) => lines, { headerFields: [], line: undefined, context: [] }],
    ['the same run in the /1 format', asFormatOne, { headerFields: [], line: undefined }],
    ['another seed', () => otherSeed, { headerFields: ['seed'], line: { number: 2 }, context: [] }],
    ['an edited line', edit(101, shifted),
      {
        headerFields: [], line: { number: 101, first: recorded[100], second: shifted(recorded[100]) },
        context: recorded.slice(97, 100),
      }],
    ['an edited line, its chain made anew', (lines: Lines) => rechain(edit(101, shifted)(lines)),
      { line: { number: 101 } }],
    ['a removed line', (lines: Lines) => lines.filter((_, index) => index !== 100),
      { line: { number: 101, second: recorded[101] } }],
    ['more lines', (lines: Lines) => [...lines, lines[lines.length - 1]],
      { line: { number: recorded.length + 1, first: undefined, second: recorded[recorded.length - 1] } }],
    ['an edited third line', edit(3, shifted), { line: { number: 3 }, context: [recorded[1]] }],
    ['another checkpoint interval', edit(1, (text) => text.replace('"checkpointEvery":200', '"checkpointEvery":300')),
      { headerFields: ['checkpointEvery'], line: undefined }],
  ])('against %s', (name, mutate, expected) => {
    const first = writeTrace(directory, 'first.jsonl', recorded);
    const second = writeTrace(directory, `${name.replace(/\W/g, '-')}.jsonl`, mutate([...recorded]));
    const difference = diffTraces(inspectTraceFile(first), inspectTraceFile(second), 3);
    const { line, ...rest } = expected as { line?: object };
    expect(difference).toMatchObject(rest);
    if (line === undefined) expect(difference.line).toBeUndefined();
    else expect(difference.line).toMatchObject(line);
  });
});
