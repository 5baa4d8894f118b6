// Reads a file line by line, synchronously, through one reusable buffer: memory stays the size of the longest
// line (at most MAX_TRACE_LINE_BYTES), whatever the file's size. Lines are byte ranges; text is decoded on demand.

import type { Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';

/** A trace line longer than this is not one mirrorsim wrote (a header holds a scenario of at most a few MB). */
export const MAX_TRACE_LINE_BYTES = 16 * 1024 * 1024;
const INITIAL_BUFFER_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/** What went wrong with a path, in the words of an InputIssue (errno codes that mean bad input). */
const OPEN_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'a file it may not read (permission denied)',
  EPERM: 'a file it may not read (operation not permitted)',
  EISDIR: 'a directory',
  ENOTDIR: 'a path under something that is not a directory',
  ELOOP: 'a path with a symbolic link loop',
  ENAMETOOLONG: 'a path that is too long',
};

export const TRACE_EXPECTED = 'a trace file written by mirrorsim run --trace';

/** Turns a file system error on `path` into one bad-input message, or rethrows it (then it is our bug). */
export function traceOpenError(path: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const what = OPEN_ERRORS[code];
  if (what === undefined) throw error;
  throw new InputError([{ source: path, path: '', value: what, expected: TRACE_EXPECTED }]);
}

export class TraceLineReader {
  /** 1-based number of the current line; 0 before the first. */
  lineNumber = 0;
  /** The current line is buffer[start, end), without its newline. */
  start = 0;
  end = 0;
  /** Whether the current line ended with a newline (only a file's last line may not). */
  terminated = true;
  /** Byte offset in the file of the current line's first byte. */
  offset = 0;
  private buffer = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
  private readonly descriptor: number;
  /** Unconsumed bytes are buffer[next, filled); a newline is searched for from `scanned` on. */
  private next = 0;
  private filled = 0;
  private scanned = 0;
  /** File offset of buffer[0]. */
  private bufferOffset = 0;
  private atEnd = false;
  private closed = false;
  /** Every byte from buffer[tapFrom] on goes into `tap` as it is passed (in bulk: much faster than per line). */
  private tap: Hash | undefined;
  private tapFrom = 0;

  constructor(readonly path: string) {
    try {
      this.descriptor = openSync(path, 'r');
    } catch (error) {
      traceOpenError(path, error);
    }
    try {
      const stats = fstatSync(this.descriptor);
      if (stats.isDirectory()) traceOpenError(path, Object.assign(new Error('a directory'), { code: 'EISDIR' }));
      // Replay and diff read a trace twice (its chain, then its lines): a pipe would be empty the second time.
      const expected = `${TRACE_EXPECTED} (a regular file: it is read twice)`;
      const value = 'a pipe, socket or device';
      if (!stats.isFile()) throw new InputError([{ source: path, path: '', value, expected }]);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The buffer the current line lies in (valid until the next call of `advance`). */
  get bytes(): Buffer {
    return this.buffer;
  }

  get length(): number {
    return this.end - this.start;
  }

  /** Moves to the next line; false at the end of the file (the last line's range stays readable). */
  advance(): boolean {
    for (;;) {
      const newline = this.scanned < this.filled ? this.buffer.indexOf(NEWLINE, this.scanned) : -1;
      if (newline >= 0 && newline < this.filled) return this.take(newline, true);
      this.scanned = this.filled;
      if (this.filled - this.next > MAX_TRACE_LINE_BYTES) this.tooLong(this.lineNumber + 1);
      if (this.atEnd) return this.next < this.filled ? this.take(this.filled, false) : false;
      this.fill();
    }
  }

  /** The current line as text (UTF-8). */
  text(): string {
    return this.buffer.toString('utf8', this.start, this.end);
  }

  /** From the current line's first byte on, every byte read goes into `hash` (until the next `startTap`). */
  startTap(hash: Hash): void {
    this.tap = hash;
    this.tapFrom = this.start;
  }

  /** Puts the tapped bytes before the current line into the tap now. */
  flushTapToLine(): void {
    this.flushTap(this.start);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.descriptor);
  }

  private take(end: number, terminated: boolean): true {
    this.lineNumber += 1;
    this.start = this.next;
    this.end = end;
    this.offset = this.bufferOffset + this.next;
    this.terminated = terminated;
    this.next = terminated ? end + 1 : end;
    this.scanned = this.next;
    if (this.length > MAX_TRACE_LINE_BYTES) this.tooLong(this.lineNumber);
    return true;
  }

  /** Keeps the unconsumed bytes, moved to the front (or into a bigger buffer), and reads more after them. */
  private fill(): void {
    const kept = this.filled - this.next;
    this.flushTap(this.next);
    this.tapFrom = 0;
    if (this.next > 0) {
      this.buffer.copy(this.buffer, 0, this.next, this.filled);
      this.bufferOffset += this.next;
      this.scanned -= this.next;
      this.next = 0;
      this.filled = kept;
    }
    if (this.filled === this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.buffer.length * 2, MAX_TRACE_LINE_BYTES + 1));
      this.buffer.copy(grown, 0, 0, this.filled);
      this.buffer = grown;
    }
    let count;
    try {
      count = readSync(this.descriptor, this.buffer, this.filled, this.buffer.length - this.filled, null);
    } catch (error) {
      traceOpenError(this.path, error);
    }
    if (count === 0) this.atEnd = true;
    this.filled += count;
  }

  private flushTap(to: number): void {
    if (this.tap === undefined || to <= this.tapFrom) return;
    this.tap.update(this.buffer.subarray(this.tapFrom, to));
    this.tapFrom = to;
  }

  private tooLong(line: number): never {
    throw new InputError([{
      source: `${this.path}:${line}`, path: '', value: `a line of more than ${MAX_TRACE_LINE_BYTES} bytes`,
      expected: `${TRACE_EXPECTED} (its lines are shorter)`,
    }]);
  }
}
