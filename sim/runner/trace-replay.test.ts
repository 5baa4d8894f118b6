// Replay compares every line the run writes with the saved trace: an edited trace is ALTERED at the first line
// that differs (altered, added, removed or swapped), a self-consistent trace that differs from the run DIVERGED.

import { describe, expect, it } from 'vitest';
import {
  asFormatOne, fixtureTrace, isChained, linesOf, rechain, scratchDirectory, writeTrace,
} from '../testing/trace-fixture.js';
import { inspectTraceFile } from './trace-file.js';
import { replayTrace } from './trace-replay.js';

const directory = scratchDirectory();
const recorded = linesOf(fixtureTrace('full', 200));
const chainedLines = recorded.flatMap((line, index) => (isChained(line) ? [index + 1] : []));
const last = recorded.length;
const firstBreak = { fromLine: 1, toLine: chainedLines[0] };
type Lines = string[];
const edit = (line: number, change: (text: string) => string) => (lines: Lines): Lines =>
  lines.map((text, index) => (index === line - 1 ? change(text) : text));
const remove = (line: number) => (lines: Lines): Lines => lines.filter((_, index) => index !== line - 1);
const insert = (line: number, text: string) => (lines: Lines): Lines =>
  [...lines.slice(0, line - 1), text, ...lines.slice(line - 1)];
const swap = (line: number) => (lines: Lines): Lines => {
  const copy = [...lines];
  [copy[line - 1], copy[line]] = [copy[line], copy[line - 1]];
  return copy;
};
const shifted = (text: string): string => text.replace('"t":', '"t":1');
const headerField = (field: string, value: unknown) =>
  edit(1, (text) => JSON.stringify({ ...JSON.parse(text), [field]: value }));
const then = (...steps: ((lines: Lines) => Lines)[]) => (lines: Lines): Lines =>
  steps.reduce((current, step) => step(current), lines);
const bogus = '{"kind":"bogus","n":1,"t":1,"type":"event"}';

describe('replayTrace', () => {
  it.each([
    ['as recorded', (lines: Lines) => lines, { kind: 'verified', lines: last, checkpoints: chainedLines.length - 1 }],
    ['at summary level', () => linesOf(fixtureTrace('summary', 200)), { kind: 'verified' }],
    ['in the /1 format', asFormatOne, { kind: 'verified', lines: last }],
    ['with an event line edited', edit(101, shifted),
      { kind: 'altered', line: 101, chainBreak: firstBreak, difference: { line: 101, change: 'altered' } }],
    ['with a line removed', remove(101), { kind: 'altered', line: 101, difference: { change: 'removed' } }],
    ['with a line added', insert(101, bogus),
      { kind: 'altered', line: 101, difference: { change: 'added', saved: bogus } }],
    ['with a line repeated', insert(101, recorded[100]),
      { kind: 'altered', line: 102, difference: { change: 'added' } }],
    ['with two lines swapped', swap(101), { kind: 'altered', line: 101, difference: { change: 'swapped' } }],
    ['with a line that is not JSON', edit(4, () => '{"n":1,oops'),
      { kind: 'altered', line: 4, difference: { change: 'altered' } }],
    ['with a checkpoint\'s fingerprint edited',
      edit(chainedLines[1], (text) => text.replace('"outcome":"', '"outcome":"0')),
      { kind: 'altered', line: chainedLines[1], difference: { change: 'altered' } }],
    ['with a checkpoint removed', remove(chainedLines[1]),
      {
        kind: 'altered', line: chainedLines[1],
        chainBreak: { fromLine: chainedLines[0], toLine: chainedLines[2] - 1 },
      }],
    ['with a chain field edited', edit(chainedLines[0], (text) => text.replace(/"chain":"./, '"chain":"g')),
      { kind: 'altered', line: chainedLines[0], chainBreak: firstBreak, difference: undefined }],
    ['with the end line edited', edit(last, (text) => text.replace('"stop":"time"', '"stop":"quiescent"')),
      { kind: 'altered', line: last, difference: { change: 'altered' } }],
    ['with an end line more', (lines: Lines) => [...lines, lines[last - 1]],
      { kind: 'altered', line: last + 1, difference: { change: 'added', replayed: undefined } }],
    ['with the seed in its header edited', headerField('seed', '2'),
      { kind: 'altered', line: 2, chainBreak: firstBreak, difference: { change: 'several' } }],
    ['with the version in its header edited', headerField('version', '0.0.9'),
      { kind: 'altered', line: chainedLines[0], chainBreak: firstBreak, difference: undefined }],
    ['edited, its chain made anew', then(edit(101, shifted), rechain),
      { kind: 'diverged', difference: { line: 101, change: 'altered' }, laterBreak: undefined }],
    ['with a line removed, its chain made anew', then(remove(101), rechain),
      { kind: 'diverged', difference: { change: 'removed' } }],
    ['edited and made anew, then edited later', then(edit(101, shifted), rechain, edit(chainedLines[3] - 2, shifted)),
      {
        kind: 'diverged', difference: { line: 101 },
        laterBreak: { fromLine: chainedLines[2], toLine: chainedLines[3] },
      }],
    ['with its header edited, its chain made anew', then(headerField('seed', '2'), rechain),
      { kind: 'diverged', difference: { line: 2, change: 'several' } }],
    ['in the /1 format, edited', then(asFormatOne, edit(101, shifted)),
      { kind: 'diverged', difference: { line: 101, change: 'altered' } }],
  ])('a trace %s', (name, mutate, verdict) => {
    const path = writeTrace(directory, `${name.replace(/\W/g, '-')}.jsonl`, mutate([...recorded]));
    const outcome = replayTrace(inspectTraceFile(path));
    const absent = Object.keys(verdict).filter((key) => verdict[key as keyof typeof verdict] === undefined);
    const present = Object.entries(verdict).filter(([key]) => !absent.includes(key));
    expect(outcome.verdict).toMatchObject(Object.fromEntries(present));
    for (const key of absent) expect(outcome.verdict).not.toHaveProperty(key);
  });

  it('says which mirrorsim recorded a trace when it is another', () => {
    const path = writeTrace(directory, 'version.jsonl', headerField('version', '0.0.9')([...recorded]));
    expect(replayTrace(inspectTraceFile(path)).recordedBy).toBe('0.0.9');
    expect(replayTrace(inspectTraceFile(writeTrace(directory, 'same.jsonl', recorded))).recordedBy).toBeUndefined();
  });
});
