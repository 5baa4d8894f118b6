// The streaming line reader: lines across its buffer's edges, a last line without a newline, a line too long,
// and paths that are not files; and its tap, which hashes the bytes read in bulk.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { scratchDirectory } from '../testing/trace-fixture.js';
import { MAX_TRACE_LINE_BYTES, TraceLineReader } from './trace-line-reader.js';

const directory = scratchDirectory();
const MIB = 1024 * 1024;

function readAll(path: string): { lines: string[]; terminated: boolean[]; offsets: number[] } {
  const reader = new TraceLineReader(path);
  const result = { lines: [] as string[], terminated: [] as boolean[], offsets: [] as number[] };
  try {
    while (reader.advance()) {
      result.lines.push(reader.text());
      result.terminated.push(reader.terminated);
      result.offsets.push(reader.offset);
    }
  } finally {
    reader.close();
  }
  return result;
}

describe('TraceLineReader', () => {
  it.each([
    ['an empty file', ''],
    ['one newline', '\n'],
    ['short lines', 'a\nbb\nccc\n'],
    ['a last line without a newline', 'a\nbb'],
    ['a line across the first buffer\'s end', `${'x'.repeat(MIB - 3)}\n${'y'.repeat(10)}\nz\n`],
    ['a newline exactly at the buffer\'s end', `${'x'.repeat(MIB - 1)}\n${'y'.repeat(5)}\n`],
    ['a line longer than the buffer', `a\n${'q'.repeat(3 * MIB + 17)}\nb\n`],
    ['many lines over several buffers',
      Array.from({ length: 30_000 }, (_, index) => `line ${index} ${'-'.repeat(index % 64)}\n`).join('')],
    ['multi-byte characters across an edge', `${'x'.repeat(MIB - 2)}é€\n✓\n`],
  ])('reads %s as split on newlines', (name, text) => {
    const path = join(directory, `${name.replace(/\W/g, '-')}.txt`);
    writeFileSync(path, text);
    const expected = text === '' ? [] : text.split('\n');
    const terminated = text.endsWith('\n');
    if (terminated) expected.pop();
    const { lines, terminated: flags, offsets } = readAll(path);
    expect(lines).toEqual(expected);
    expect(flags).toEqual(expected.map((_, index) => index < expected.length - 1 || terminated));
    let offset = 0;
    expect(offsets).toEqual(expected.map((line) => {
      const at = offset;
      offset += Buffer.byteLength(line) + 1;
      return at;
    }));
  });

  it.each([
    ['a missing file', (path: string) => path, /no such file/],
    ['a directory', (path: string) => (mkdirSync(path), path), /a directory/],
    ['a device', () => '/dev/null', /\/dev\/null: got a pipe, socket or device, expected .*a regular file/],
    ['a path under a file', (path: string) => (writeFileSync(path, 'x'), join(path, 'trace.jsonl')),
      /not a directory/],
    ['a line over the limit',
      (path: string) => (writeFileSync(path, `a\n${'z'.repeat(MAX_TRACE_LINE_BYTES + 1)}\n`), path),
      /:2: got a line of more than 16777216 bytes/],
    ['an endless first line', (path: string) => (writeFileSync(path, 'z'.repeat(MAX_TRACE_LINE_BYTES + 5)), path),
      /:1: got a line of more than/],
  ])('refuses %s with one bad-input message', (name, make, message) => {
    const path = make(join(directory, `bad-${name.replace(/\W/g, '-')}`));
    let error: unknown;
    try {
      readAll(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toHaveLength(1);
    expect((error as InputError).message).toMatch(message);
  });

  it('taps every byte from a line on into a hash, in bulk across buffer refills', () => {
    const line = (index: number): string => `{"n":${index},"payload":"${'p'.repeat(index % 50)}"}\n`;
    const text = Array.from({ length: 60_000 }, (_, index) => line(index)).join('');
    const path = join(directory, 'tap.txt');
    writeFileSync(path, text);
    const reader = new TraceLineReader(path);
    const hashes = [createHash('sha256')];
    const starts = [0];
    reader.advance();
    reader.startTap(hashes[0]);
    while (reader.advance()) {
      if (reader.lineNumber % 9_999 !== 0) continue;
      reader.flushTapToLine();
      hashes.push(createHash('sha256'));
      starts.push(reader.offset);
      reader.startTap(hashes[hashes.length - 1]);
    }
    reader.close();
    const bytes = Buffer.from(text);
    starts.forEach((start, index) => {
      if (index === starts.length - 1) return;
      const expected = createHash('sha256').update(bytes.subarray(start, starts[index + 1])).digest('hex');
      expect(hashes[index].digest('hex')).toBe(expected);
    });
  });
});
