// What `mirrorsim replay` prints for each verdict: VERIFIED, ALTERED (which line, how, which chain) or DIVERGED.

import { describe, expect, it } from 'vitest';
import {
  asFormatOne, fixtureTrace, isChained, linesOf, rechain, scratchDirectory, writeTrace,
} from '../../testing/trace-fixture.js';
import { inspectTraceFile } from '../../runner/trace-file.js';
import { replayTrace } from '../../runner/trace-replay.js';
import { formatReplay } from './replay-command.js';

const directory = scratchDirectory();
const recorded = linesOf(fixtureTrace('full', 200));
const summary = linesOf(fixtureTrace('summary', 200));
const chainedLines = recorded.flatMap((line, index) => (isChained(line) ? [index + 1] : []));
type Lines = string[];
const edit = (line: number, change: (text: string) => string) => (lines: Lines): Lines =>
  lines.map((text, index) => (index === line - 1 ? change(text) : text));
const shifted = (text: string): string => text.replace('"t":', '"t":1');

describe('replay output', () => {
  it.each([
    ['a trace as recorded', () => recorded, [
      /^VERIFIED  \d+ checkpoints, \d+ events, \d+ lines, fingerprints [0-9a-f]{16} \/ [0-9a-f]{16}$/m,
      /every line is the one the run writes; every chain holds/]],
    ['a /1 trace', () => asFormatOne(recorded), [/^VERIFIED /m, /mirrorsim-trace\/1 trace has no hash chain/]],
    ['an edited event line', edit(101, shifted), [/^ALTERED   line 101 differs \(event \d+, t \d+ us\)$/m,
      new RegExp(`the chain on line ${chainedLines[0]} does not match lines 1\\.\\.${chainedLines[0]}: the trace was`),
      /^ {2}saved {4}\{"kind":.*"t":1\d+/m, /^ {2}run {6}\{"kind":/m, /^ {2}fields {3}t \(saved \d+, run \d+\)$/m]],
    ['a removed line', (lines: Lines) => lines.filter((_, index) => index !== 100),
      [/^ALTERED   a line is missing at line 101 .*the run writes it there$/m]],
    ['two swapped lines', (lines: Lines) => [...lines.slice(0, 100), lines[101], lines[100], ...lines.slice(102)],
      [/^ALTERED   lines 101 and 102 are swapped/m]],
    ['an edited chain field', edit(chainedLines[0], (text) => text.replace(/"chain":"./, '"chain":"g')),
      [new RegExp(`^ALTERED   line ${chainedLines[0]} was edited$`, 'm'), /in other bytes \(its chain field, or spac/],
    ],
    ['an edited header seed', edit(1, (text) => text.replace('"seed":"1"', '"seed":"2"')),
      [/^ALTERED   lines from line 2 on differ .*more than one line/m, /the header \(line 1\) is among the lines/]],
    ['a self-consistent edit', (lines: Lines) => rechain(edit(101, shifted)(lines)),
      [/^DIVERGED  line 101 differs/m, /the trace is as it was recorded \(its chain holds there\), but this run/]],
    ['a self-consistent edit at summary level', () => rechain(edit(3, shifted)(summary)),
      [/^DIVERGED  line 3 differs/m, /record a full-level trace of each .* `mirrorsim diff`/]],
    ['another recorder version', edit(1, (text) => text.replace('"version":"', '"version":"9')),
      [/^ALTERED   one of lines 1\.\.\d+ was edited$/m, /note: recorded by mirrorsim 9/]],
  ])('for %s', (name, mutate, patterns) => {
    const path = writeTrace(directory, `${name.replace(/\W/g, '-')}.jsonl`, mutate([...recorded]));
    const inspection = inspectTraceFile(path);
    const text = formatReplay(inspection, replayTrace(inspection));
    expect(text.startsWith(`replay    ${path}\n`)).toBe(true);
    for (const pattern of patterns) expect(text).toMatch(pattern);
  });
});
