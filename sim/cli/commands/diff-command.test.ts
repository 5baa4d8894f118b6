// What `mirrorsim diff` prints: notes on edited traces and formats, the headers that differ, the first differing line.

import { describe, expect, it } from 'vitest';
import { asFormatOne, fixtureTrace, linesOf, scratchDirectory, writeTrace } from '../../testing/trace-fixture.js';
import { inspectTraceFile } from '../../runner/trace-file.js';
import { diffTraces } from '../../runner/trace-diff.js';
import { formatDiff } from './diff-command.js';

const directory = scratchDirectory();
const recorded = linesOf(fixtureTrace('full', 200));
type Lines = string[];

describe('diff output', () => {
  it.each([
    ['the same trace', (lines: Lines) => lines, [/^identical$/m]],
    ['the /1 format', asFormatOne, [/^note: a is mirrorsim-trace\/2, b is mirrorsim-trace\/1/m, /^identical$/m]],
    ['another seed', () => linesOf(fixtureTrace('full', 200, '2')),
      [/^headers differ in: seed \(a "1", b "2"\)$/m, /^first divergence at line 2 \(event 1, t \d+ us\)$/m]],
    ['an edited line', (lines: Lines) => lines.map((text, at) => (at === 100 ? text.replace('"t":', '"t":1') : text)),
      [/^note: b's chain on line \d+ does not match lines 1\.\.\d+: b was edited$/m, /^first divergence at line 101 /m,
        /^ {4}\{"kind"/m, /^ {2}a \{"kind".*\n {2}b \{"kind"/m]],
    ['only a header field', (lines: Lines) =>
      [lines[0].replace('"maxEvents":null', '"maxEvents":5'), ...lines.slice(1)],
      [/^headers differ in: maxEvents \(a null, b 5\)$/m, /^the events are identical; only the headers differ$/m]],
  ])('against %s', (name, mutate, patterns) => {
    const first = inspectTraceFile(writeTrace(directory, 'first.jsonl', recorded));
    const second = inspectTraceFile(writeTrace(directory, `${name.replace(/\W/g, '-')}.jsonl`, mutate([...recorded])));
    const text = formatDiff(first, second, diffTraces(first, second, 3));
    expect(text.startsWith(`a: ${first.path}\nb: ${second.path}\n`)).toBe(true);
    for (const pattern of patterns) expect(text).toMatch(pattern);
  });
});
