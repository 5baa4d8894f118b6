// Reads a saved trace once, line by line (memory independent of its size): checks its header, that its last line
// is a complete end line, and, for the mirrorsim-trace/2 format, its hash chain; names the file and line of the
// first thing that is wrong. Replay and diff run this before they compare a trace with anything.

import { InputError, type InputIssue, renderValue } from '../errors.js';
import { CHAIN_BODY_OFFSET, CHAIN_HEX_LENGTH, CHAIN_PREFIX, newChainHash } from '../kernel/trace-chain.js';
import { TRACE_FORMAT, TRACE_FORMATS_READ } from '../kernel/trace.js';
import { TRACE_EXPECTED, TraceLineReader } from './trace-line-reader.js';

export type TraceFormat = (typeof TRACE_FORMATS_READ)[number];

/** The header of a trace: everything a replay needs, checked field by field. */
export interface TraceHeader {
  readonly format: TraceFormat;
  readonly version?: unknown;
  readonly scenario: string;
  readonly source: string;
  readonly seed: string;
  readonly variant: Readonly<Record<string, string>>;
  readonly traceLevel: 'summary' | 'full';
  readonly checkpointEvery: number;
  readonly maxEvents: number | null;
  readonly definition: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

/** The chain on line `toLine` does not match the bytes of lines fromLine..toLine (the first such break). */
export interface ChainBreak {
  readonly fromLine: number;
  readonly toLine: number;
}

export interface TraceInspection {
  readonly path: string;
  readonly header: TraceHeader;
  readonly lineCount: number;
  /** `absent` for a mirrorsim-trace/1 trace, which has no chain. */
  readonly chain: 'verified' | 'absent' | ChainBreak;
  readonly end: Readonly<Record<string, unknown>>;
}

const HEADER_EXPECTED = `a ${TRACE_FORMAT} header line (${TRACE_EXPECTED})`;
const CHAIN_PREFIX_BYTES = Buffer.from(CHAIN_PREFIX);
const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;

export function inspectTraceFile(path: string): TraceInspection {
  const reader = new TraceLineReader(path);
  try {
    return inspect(reader);
  } finally {
    reader.close();
  }
}

function inspect(reader: TraceLineReader): TraceInspection {
  const { path } = reader;
  const fail = (line: number | undefined, value: string, expected: string): never => {
    throw new InputError([{ source: line === undefined ? path : `${path}:${line}`, path: '', value, expected }]);
  };
  if (!reader.advance()) fail(undefined, 'an empty file', HEADER_EXPECTED);
  const headerValue = reader.bytes[reader.start] === OPEN_BRACE ? parseLine(reader.text()) : undefined;
  if (!isRecord(headerValue) || headerValue.type !== 'header') fail(1, excerpt(reader), HEADER_EXPECTED);
  const header = checkHeader(`${path}:1`, headerValue as Record<string, unknown>);
  const chained = header.format === TRACE_FORMAT;
  let segment = newChainHash();
  let segmentStartLine = 1;
  let chainBreak: ChainBreak | undefined;
  let end: Record<string, unknown> | undefined;
  if (chained) reader.startTap(segment);
  while (reader.terminated && reader.advance()) {
    end = undefined;
    if (!chained || !isChainedLine(reader.bytes, reader.start, reader.end)) continue;
    const value = parseLine(reader.text());
    if (!isRecord(value) || (value.type !== 'checkpoint' && value.type !== 'end')) continue;
    reader.flushTapToLine();
    segment.update('{');
    segment.update(reader.bytes.subarray(reader.start + CHAIN_BODY_OFFSET, reader.end));
    const holds = segment.digest('hex') === value.chain;
    if (!holds) chainBreak ??= { fromLine: segmentStartLine, toLine: reader.lineNumber };
    segment = newChainHash();
    reader.startTap(segment);
    segmentStartLine = reader.lineNumber;
    if (value.type === 'end') end = value;
  }
  const last = reader.lineNumber;
  if (!reader.terminated) fail(last, excerpt(reader), 'a complete last line (the trace is truncated)');
  if (end === undefined && last > 1) {
    const value = parseLine(reader.text());
    if (isRecord(value) && value.type === 'end') {
      end = value;
      if (chained) chainBreak ??= { fromLine: segmentStartLine, toLine: last };
    }
  }
  if (end === undefined) fail(last, excerpt(reader), 'an end line last (the trace is truncated)');
  const chain = chained ? chainBreak ?? 'verified' : 'absent';
  return { path, header, lineCount: last, chain, end: end as Record<string, unknown> };
}

/** Whether buffer[start, end) opens as a chained line does: `{"chain":"<64 characters>",`. */
export function isChainedLine(buffer: Buffer, start: number, end: number): boolean {
  if (end - start <= CHAIN_BODY_OFFSET) return false;
  // Byte by byte: called once per line, and a JS loop is far cheaper than Buffer.compare's range checks.
  for (let index = 0; index < CHAIN_PREFIX_BYTES.length; index += 1) {
    if (buffer[start + index] !== CHAIN_PREFIX_BYTES[index]) return false;
  }
  const closingQuote = buffer[start + CHAIN_PREFIX.length + CHAIN_HEX_LENGTH];
  return closingQuote === QUOTE && buffer[start + CHAIN_BODY_OFFSET - 1] === COMMA;
}

export function parseLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function excerpt(reader: TraceLineReader): string {
  return renderValue(reader.bytes.toString('utf8', reader.start, Math.min(reader.end, reader.start + 60)));
}

/** Every field a replay reads, checked; all issues at once, each naming the header's field. */
export function checkHeader(source: string, value: Record<string, unknown>): TraceHeader {
  const issues: InputIssue[] = [];
  const check = (field: string, ok: boolean, expected: string): void => {
    if (!ok) issues.push({ source, path: field, value: renderValue(value[field]), expected });
  };
  const known = (TRACE_FORMATS_READ as readonly unknown[]).includes(value.format);
  check('format', known, `a trace format this mirrorsim reads (${TRACE_FORMATS_READ.join(' or ')})`);
  check('scenario', typeof value.scenario === 'string', 'the scenario name (a string)');
  check('source', typeof value.source === 'string', 'the scenario source (a string)');
  check('seed', typeof value.seed === 'string' && value.seed !== '', 'the root seed (a non-empty string)');
  const variant = value.variant;
  const variantOk = isRecord(variant) && Object.values(variant).every((entry) => typeof entry === 'string');
  check('variant', variantOk, 'the variant (an object of strings)');
  check('traceLevel', value.traceLevel === 'summary' || value.traceLevel === 'full', 'summary or full');
  check('checkpointEvery', isPositiveCount(value.checkpointEvery), 'a positive whole number of events');
  check('maxEvents', value.maxEvents === null || value.maxEvents === undefined || isPositiveCount(value.maxEvents),
    'null or a positive whole number of events');
  check('definition', isRecord(value.definition), 'the scenario definition (an object)');
  if (issues.length > 0) throw new InputError(issues);
  return { ...value, maxEvents: value.maxEvents ?? null } as TraceHeader;
}

function isPositiveCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
