// The one writer: every failure of the environment, at every step, is one WriteError naming the final path,
// leaves no temporary file and leaves the name as it was; short writes are finished; appends are cut back.

import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AppendFile, AtomicFile, type FileSystem, checkDirectory, forgetCleanedDirectories, prepareDirectory,
  writeFileAtomically,
} from './atomic-file.js';
import { WriteError } from './write-error.js';

const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-atomic-'));
let counter = 0;
function freshDirectory(): string {
  counter += 1;
  const directory = join(scratch, `case-${counter}`);
  fs.mkdirSync(directory);
  return directory;
}

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** The real file system, with one call replaced. */
function failing(call: keyof FileSystem, code: string, after = 0): FileSystem {
  let calls = 0;
  const real = fs[call] as (...args: unknown[]) => unknown;
  return {
    ...fs,
    [call]: (...args: unknown[]) => {
      calls += 1;
      if (calls > after) throw errno(code);
      return real(...args);
    },
  } as FileSystem;
}

/** Writes `bytes` of the first call's data (a short write), then finds the device full. */
function shortThenFull(bytes: number): FileSystem {
  let calls = 0;
  return {
    ...fs,
    writeSync: ((descriptor: number, buffer: Uint8Array, offset: number, length: number) => {
      calls += 1;
      if (calls > 1) throw errno('ENOSPC');
      return fs.writeSync(descriptor, buffer, offset, Math.min(bytes, length));
    }) as FileSystem['writeSync'],
  };
}

/** Writes at most `most` bytes per call, as a nearly full device does. */
function shortWrites(most: number): FileSystem {
  return {
    ...fs,
    writeSync: ((descriptor: number, buffer: Uint8Array, offset: number, length: number) =>
      fs.writeSync(descriptor, buffer, offset, Math.min(most, length))) as FileSystem['writeSync'],
  };
}

describe('writeFileAtomically', () => {
  it.each([
    ['ENOSPC at open', failing('openSync', 'ENOSPC'), /no space left on the device \(ENOSPC\), expected room/],
    ['ENOSPC at the first write', failing('writeSync', 'ENOSPC'), /ENOSPC/],
    ['ENOSPC after a short write', shortThenFull(4096), /ENOSPC/],
    ['EDQUOT at write', failing('writeSync', 'EDQUOT'), /the disk quota used up \(EDQUOT\)/],
    ['EIO at fsync', failing('fsyncSync', 'EIO'), /input\/output error of the device \(EIO\)/],
    ['EROFS at open', failing('openSync', 'EROFS'), /a read-only file system \(EROFS\), expected a writable file sys/],
    ['EACCES at open', failing('openSync', 'EACCES'), /permission denied \(EACCES\), expected a place this user may/],
    ['EACCES at the directory check', failing('accessSync', 'EACCES'), /permission denied \(EACCES\) at .*case-\d+/],
    ['EEXIST at rename', failing('renameSync', 'EEXIST'), /a file where a directory is needed \(EEXIST\)/],
    ['EISDIR at rename', failing('renameSync', 'EISDIR'), /a directory where the file is to go \(EISDIR\)/],
    ['a write that takes nothing', shortWrites(0), /no space left on the device \(ENOSPC\)/],
  ])('%s: one WriteError naming the path, no temporary file, the old file intact', (_label, fake, message) => {
    const directory = freshDirectory();
    const path = join(directory, 'summary.json');
    writeFileSync(path, 'the earlier file\n');
    let caught: unknown;
    try {
      writeFileAtomically(path, 'x'.repeat(100_000), { fs: fake });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WriteError);
    const text = (caught as Error).message;
    expect(text.split('\n')).toHaveLength(1);
    expect(text.startsWith(`${path}: got `)).toBe(true);
    expect(text).toMatch(message);
    expect(text).toContain('nothing was written under that name');
    expect(readdirSync(directory)).toEqual(['summary.json']);
    expect(readFileSync(path, 'utf8')).toBe('the earlier file\n');
  });

  it('finishes short writes: the file is whole', () => {
    const path = join(freshDirectory(), 'index.html');
    const text = 'é'.repeat(10_000) + 'end';
    writeFileAtomically(path, text, { fs: shortWrites(7) });
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it.each([
    ['a directory at the name', (directory: string) => {
      fs.mkdirSync(join(directory, 'out'));
      return join(directory, 'out');
    }, /out: got a directory where the file is to go \(EISDIR\)/],
    ['a file where the directory should be', (directory: string) => {
      writeFileSync(join(directory, 'report'), '');
      return join(directory, 'report', 'index.html');
    }, /index\.html: got a file where a directory is needed \(EEXIST\) at .*report, expected a directory there/],
    ['a file above the directory', (directory: string) => {
      writeFileSync(join(directory, 'file'), '');
      return join(directory, 'file', 'sub', 'index.html');
    }, /index\.html: got a file where a directory is needed \(ENOTDIR\) at .*file, expected/],
  ])('refuses %s before writing anything', (_label, arrange, message) => {
    const directory = freshDirectory();
    const path = arrange(directory);
    const before = readdirSync(directory).sort();
    expect(() => writeFileAtomically(path, 'x')).toThrow(message);
    expect(readdirSync(directory).sort()).toEqual(before);
  });

  it('checks a directory without making it: a file in the way or a read-only file system fails', () => {
    const directory = freshDirectory();
    writeFileSync(join(directory, 'file'), '');
    checkDirectory(join(directory, 'new', 'report'));
    const inTheWay = /got a file where a directory is needed/;
    expect(() => checkDirectory(join(directory, 'file'))).toThrow(inTheWay);
    expect(() => checkDirectory(join(directory, 'file'))).toThrow(/file: got .* \(EEXIST\)/);
    expect(() => checkDirectory(join(directory, 'file', 'report'))).toThrow(/report: got .* \(ENOTDIR\) at /);
    expect(() => checkDirectory(join(directory, 'new'), failing('accessSync', 'EROFS')))
      .toThrow(/new: got a read-only file system \(EROFS\) at .*case-\d+, expected a writable file system; nothing/);
    expect(readdirSync(directory)).toEqual(['file']);
  });

  it('makes missing parent directories', () => {
    const path = join(freshDirectory(), 'a', 'b', 'c.txt');
    writeFileAtomically(path, 'c');
    expect(readFileSync(path, 'utf8')).toBe('c');
  });

  it('a trace sink that fails mid-run removes its temporary file; abort is idempotent', () => {
    const directory = freshDirectory();
    const file = new AtomicFile(join(directory, 'run.jsonl'), { fs: failing('writeSync', 'ENOSPC', 2) });
    file.write('line 1\n');
    file.write('line 2\n');
    expect(() => file.write('line 3\n')).toThrow(WriteError);
    file.abort();
    expect(readdirSync(directory)).toEqual([]);
  });
});

describe('stale temporary files', () => {
  it('removes those of dead writers and of this process, keeps those of running ones and other files', () => {
    const directory = freshDirectory();
    const dead = 'index.html.partial-2147483646';
    const running = `summary.json.partial-${process.ppid}`;
    const mine = `summary.md.partial-${process.pid}`;
    const names = [dead, running, mine, 'notes.partial', 'results.jsonl'];
    for (const name of names) writeFileSync(join(directory, name), 'x');
    forgetCleanedDirectories();
    prepareDirectory(directory);
    expect(readdirSync(directory).sort()).toEqual(['notes.partial', 'results.jsonl', running].sort());
  });
});

describe('AppendFile', () => {
  it('appends whole lines, and cuts a failed append back so the file ends with its last whole line', () => {
    const directory = freshDirectory();
    const path = join(directory, 'results.jsonl');
    writeFileSync(path, '{"row":1}\n');
    const ok = new AppendFile(path, 'kept');
    ok.append('{"row":2}\n');
    ok.close();
    ok.close();
    // One call writes part of the line, the next finds the device full.
    const fake = shortThenFull(4);
    const full = new AppendFile(path, 'the rows before this one are kept whole', fake);
    expect(() => full.append('{"row":3}\n'))
      .toThrow(/results\.jsonl: got no space left on the device \(ENOSPC\), expected room on the device; the rows/);
    expect(readFileSync(path, 'utf8')).toBe('{"row":1}\n{"row":2}\n');
    expect(readdirSync(directory)).toEqual(['results.jsonl']);
  });

  it('refuses text that is not whole lines', () => {
    const file = new AppendFile(join(freshDirectory(), 'results.jsonl'), 'kept');
    expect(() => file.append('{"torn"')).toThrow(/whole lines/);
    file.close();
  });
});
