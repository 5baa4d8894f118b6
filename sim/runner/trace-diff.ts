// Compares two saved traces line by line, both read alongside (memory independent of their sizes): the header
// fields that differ, then the first line that differs (chain fields aside), with the lines before it.

import { closeSync, openSync, readSync } from 'node:fs';
import { canonicalJson } from '../kernel/canonical-json.js';
import type { TraceInspection } from './trace-file.js';
import { TraceLineReader, traceOpenError } from './trace-line-reader.js';
import { sameLine } from './trace-replay.js';

/** The fields of two headers that say whether they are the same run (the format is told apart, as a note). */
export const COMPARED_HEADER_FIELDS = [
  'scenario', 'seed', 'variant', 'traceLevel', 'checkpointEvery', 'maxEvents', 'definition',
] as const;

export interface TraceDifference {
  readonly headerFields: readonly string[];
  /** The first differing line after the header, if any: its number, both texts (undefined: past the end). */
  readonly line?: { readonly number: number; readonly first: string | undefined; readonly second: string | undefined };
  /** Up to `contextLines` lines before it (from the first trace; equal in both but for chain fields). */
  readonly context: readonly string[];
}

export function diffTraces(first: TraceInspection, second: TraceInspection, contextLines: number): TraceDifference {
  const headerFields = COMPARED_HEADER_FIELDS.filter((field) =>
    canonicalJson(first.header[field]) !== canonicalJson(second.header[field]));
  const a = new TraceLineReader(first.path);
  try {
    const b = new TraceLineReader(second.path);
    try {
      return { headerFields, ...firstLineDifference(a, b, contextLines) };
    } finally {
      b.close();
    }
  } finally {
    a.close();
  }
}

type LineDifference = Omit<TraceDifference, 'headerFields'>;

function firstLineDifference(a: TraceLineReader, b: TraceLineReader, contextLines: number): LineDifference {
  // The last lines of `a`, as (offset, length) in a ring: read back only when a difference is found.
  const offsets = new Array<number>(contextLines).fill(0);
  const lengths = new Array<number>(contextLines).fill(0);
  a.advance();
  b.advance();
  for (let compared = 0; ; compared += 1) {
    const hasA = a.advance();
    const hasB = b.advance();
    if (!hasA && !hasB) return { context: [] };
    if (hasA && hasB && sameLine(a.bytes, a.start, a.end, b.bytes, b.start, b.end)) {
      if (contextLines > 0) {
        offsets[compared % contextLines] = a.offset;
        lengths[compared % contextLines] = a.length;
      }
      continue;
    }
    const number = hasA ? a.lineNumber : b.lineNumber;
    const line = { number, first: hasA ? a.text() : undefined, second: hasB ? b.text() : undefined };
    const context: string[] = [];
    for (let back = Math.min(contextLines, compared); back > 0; back -= 1) {
      const slot = (compared - back) % contextLines;
      context.push(readRange(a.path, offsets[slot], lengths[slot]));
    }
    return { line, context };
  }
}

function readRange(path: string, offset: number, length: number): string {
  const buffer = Buffer.alloc(length);
  let descriptor;
  try {
    descriptor = openSync(path, 'r');
    readSync(descriptor, buffer, 0, length, offset);
  } catch (error) {
    traceOpenError(path, error);
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
  return buffer.toString('utf8');
}
