// Reads a saved trace back: checks every line is canonical JSON of the mirrorsim-trace/1 format, with a
// header first and an end line last, and names the file and line of the first thing that is not.

import { existsSync, readFileSync } from 'node:fs';
import { InputError, renderValue } from '../errors.js';
import { TRACE_FORMAT } from '../kernel/trace.js';

export interface TraceLine {
  readonly lineNumber: number;
  readonly text: string;
  readonly value: { readonly type: string; readonly n?: number; readonly t?: number; readonly [key: string]: unknown };
}

export interface TraceFile {
  readonly path: string;
  readonly header: TraceLine;
  readonly lines: readonly TraceLine[];
}

const TYPES = new Set(['header', 'event', 'record', 'checkpoint', 'end']);

export function readTraceFile(path: string): TraceFile {
  const fail = (line: number | undefined, value: string, expected: string): never => {
    throw new InputError([{ source: line === undefined ? path : `${path}:${line}`, path: '', value, expected }]);
  };
  if (!existsSync(path)) fail(undefined, 'no such file', 'a trace written by mirrorsim run --trace');
  const text = readFileSync(path, 'utf8');
  const rawLines = text.split('\n');
  if (rawLines[rawLines.length - 1] === '') rawLines.pop();
  else if (rawLines.length > 0) fail(rawLines.length, renderValue(rawLines[rawLines.length - 1].slice(0, 60)), 'a complete last line (the trace is truncated)');
  const lines: TraceLine[] = rawLines.map((line, index) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return fail(index + 1, renderValue(line.slice(0, 60)), `a JSON line of the ${TRACE_FORMAT} format`);
    }
    if (typeof value !== 'object' || value === null || !TYPES.has((value as { type?: string }).type ?? '')) {
      return fail(index + 1, renderValue(line.slice(0, 60)), `a ${TRACE_FORMAT} line with type header, event, record, checkpoint or end`);
    }
    return { lineNumber: index + 1, text: line, value: value as TraceLine['value'] };
  });
  if (lines.length === 0) fail(1, 'an empty file', `a ${TRACE_FORMAT} header line`);
  const header = lines[0];
  if (header.value.type !== 'header' || header.value.format !== TRACE_FORMAT) fail(1, renderValue(header.text.slice(0, 60)), `a ${TRACE_FORMAT} header line`);
  const last = lines[lines.length - 1];
  if (last.value.type !== 'end') fail(last.lineNumber, renderValue(last.text.slice(0, 60)), 'an end line last (the trace is truncated)');
  return { path, header, lines };
}
