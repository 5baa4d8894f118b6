// Replays a saved trace: re-runs it from its header and compares, line by line as the run writes them, every line
// with the saved one (the saved file is read alongside, never held whole). With the hash chain checked before
// (trace-file.ts), a difference is told apart: an edited trace (ALTERED) from a run that behaves otherwise (DIVERGED).

import { assert } from '../errors.js';
import { canonicalJson } from '../kernel/canonical-json.js';
import { CHAIN_BODY_OFFSET, CHAIN_HEX_LENGTH, CHAIN_PREFIX } from '../kernel/trace-chain.js';
import { TRACE_FORMAT, type TraceSink } from '../kernel/trace.js';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { TOOL_VERSION } from '../version.js';
import { runScenario } from './run-scenario.js';
import { type ChainBreak, type TraceInspection, isChainedLine, parseLine } from './trace-file.js';
import { TraceLineReader } from './trace-line-reader.js';

/** How the saved lines from `line` on differ from the run's: one line changed, one added or removed, two swapped. */
export type LineChange = 'altered' | 'added' | 'removed' | 'swapped' | 'several';

export interface LineDifference {
  /** The line of the saved trace where the first difference is. */
  readonly line: number;
  readonly change: LineChange;
  /** The saved line there (undefined: the trace has no more lines) and the line the run writes there. */
  readonly saved: string | undefined;
  readonly replayed: string | undefined;
  /** For the header line: the fields that differ. */
  readonly fields?: readonly string[];
}

export type ReplayVerdict =
  | { readonly kind: 'verified'; readonly lines: number; readonly checkpoints: number }
  /**
   * The chain breaks: the trace was edited. `line` is the first line that differs; else (no field differs) the
   * first whose bytes differ (`inBytes`: a chain field or spacing), or else the line whose chain breaks.
   */
  | {
    readonly kind: 'altered'; readonly line: number; readonly chainBreak: ChainBreak;
    readonly difference?: LineDifference; readonly inBytes?: boolean;
  }
  /** The trace is as recorded (or has no chain, /1) but the run writes something else from `difference.line` on. */
  | { readonly kind: 'diverged'; readonly difference: LineDifference; readonly laterBreak?: ChainBreak };

export interface ReplayOutcome {
  readonly verdict: ReplayVerdict;
  /** The version of mirrorsim that recorded the trace, when it is not this one. */
  readonly recordedBy?: string;
}

/** Thrown through the run by the comparing sink once the verdict is known; nothing else is ever this. */
class ReplayStop {}
/**
 * The sink's own checks. Not an AssertionFailure: runScenario records those as the run's violation and goes on,
 * which would hide a bug of the comparison behind a difference it made itself; this one ends as exit 3.
 */
function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`trace replay: ${message}`);
}
const STOP = new ReplayStop();
const NEWLINE = 0x0a;
/** Header fields that may differ between recording and replay without the run being another run. */
const HEADER_FIELDS_NOT_COMPARED = ['format', 'version'];

export function replayTrace(inspection: TraceInspection): ReplayOutcome {
  const { header, path } = inspection;
  const parsed = parseScenarioText(JSON.stringify(header.definition), `${path}:1 (header)`);
  const scenario = { ...parsed, source: header.source };
  const chainBreak = typeof inspection.chain === 'object' ? inspection.chain : undefined;
  const recordedBy = header.version === TOOL_VERSION ? undefined : String(header.version);
  const reader = new TraceLineReader(path);
  const comparison = new LineComparison(reader, chainBreak?.toLine, header.format === TRACE_FORMAT && !recordedBy);
  try {
    try {
      runScenario(scenario, {
        seed: header.seed, variant: header.variant, traceLevel: header.traceLevel, traceSink: comparison,
        checkpointEvery: header.checkpointEvery, maxEvents: header.maxEvents ?? undefined,
      });
      comparison.finish();
    } catch (error) {
      if (error !== STOP) throw error;
    }
  } finally {
    reader.close();
  }
  return { verdict: decide(inspection, comparison, chainBreak), recordedBy };
}

function decide(inspection: TraceInspection, comparison: LineComparison, chainBreak?: ChainBreak): ReplayVerdict {
  const difference = comparison.difference;
  if (chainBreak === undefined) {
    const checkpoints = comparison.chainedLines - 1;
    if (difference === undefined) return { kind: 'verified', lines: comparison.lines, checkpoints };
    return { kind: 'diverged', difference };
  }
  if (difference !== undefined && difference.line < chainBreak.fromLine) {
    return { kind: 'diverged', difference, laterBreak: chainBreak };
  }
  if (difference !== undefined) return { kind: 'altered', line: difference.line, chainBreak, difference };
  const raw = comparison.firstRawDifference;
  const inBytes = raw !== undefined && raw >= chainBreak.fromLine && raw <= chainBreak.toLine;
  const line = inBytes ? raw : chainBreak.toLine;
  assert(inspection.lineCount >= line, `line ${line} is past the trace's ${inspection.lineCount} lines`);
  return { kind: 'altered', line, chainBreak, inBytes };
}

interface PendingDifference {
  readonly line: number;
  readonly saved: string;
  readonly replayed: string;
  readonly savedNext: string | undefined;
}

/** The sink the replayed run writes into: each line it writes is compared with the next saved line. */
class LineComparison implements TraceSink {
  difference: LineDifference | undefined;
  firstRawDifference: number | undefined;
  lines = 0;
  /** Checkpoint lines and the end line. */
  chainedLines = 0;
  private pending: PendingDifference | undefined;

  constructor(
    private readonly reader: TraceLineReader,
    /** The line of a broken chain: past it the verdict is known. */
    private readonly stopAfterLine: number | undefined,
    /** Whether the saved bytes of chained lines can equal the run's (same format and mirrorsim version). */
    private readonly rawComparable: boolean,
  ) {}

  write(chunk: string): void {
    const bytes = Buffer.from(chunk, 'utf8');
    let start = 0;
    while (start < bytes.length) {
      const newline = bytes.indexOf(NEWLINE, start);
      expectThat(newline >= 0, 'the recorder writes whole lines');
      this.compare(bytes, start, newline);
      start = newline + 1;
    }
  }

  /** After the run: a difference still waiting for the run's next line, or saved lines the run did not write. */
  finish(): void {
    if (this.pending !== undefined) return this.classify(undefined);
    if (this.reader.advance()) {
      const saved = this.reader.text();
      this.difference = { line: this.reader.lineNumber, change: 'added', saved, replayed: undefined };
    }
  }

  private compare(bytes: Buffer, start: number, end: number): void {
    if (this.pending !== undefined) return this.classify(bytes.toString('utf8', start, end));
    this.lines += 1;
    const line = this.lines;
    const reader = this.reader;
    if (!reader.advance()) {
      this.difference = { line, change: 'removed', saved: undefined, replayed: bytes.toString('utf8', start, end) };
      throw STOP;
    }
    expectThat(reader.lineNumber === line, `saved line ${reader.lineNumber} compared with run line ${line}`);
    const chained = isChainedLine(bytes, start, end);
    if (chained) this.chainedLines += 1;
    if (line === 1) this.compareHeader(bytes.toString('utf8', start, end));
    else if (!sameLine(reader.bytes, reader.start, reader.end, bytes, start, end)) {
      const saved = reader.text();
      const savedNext = reader.advance() ? reader.text() : undefined;
      this.pending = { line, saved, replayed: bytes.toString('utf8', start, end), savedNext };
      return;
    } else if (chained && this.rawComparable && this.firstRawDifference === undefined) {
      if (reader.bytes.compare(bytes, start, end, reader.start, reader.end) !== 0) this.firstRawDifference = line;
    }
    if (this.stopAfterLine !== undefined && line >= this.stopAfterLine) throw STOP;
  }

  private compareHeader(replayed: string): void {
    const saved = this.reader.text();
    const savedFields = withoutUncompared(parseLine(saved));
    const replayedFields = withoutUncompared(parseLine(replayed));
    const keys = [...new Set([...Object.keys(savedFields), ...Object.keys(replayedFields)])].sort();
    const fields = keys.filter((key) => canonicalJson(savedFields[key]) !== canonicalJson(replayedFields[key]));
    if (this.rawComparable && saved !== replayed) this.firstRawDifference = 1;
    if (fields.length === 0) return;
    this.difference = { line: 1, change: 'altered', saved, replayed, fields };
    throw STOP;
  }

  /** With the line after a difference in both: was one line altered, added or removed, or two swapped? */
  private classify(replayedNext: string | undefined): never {
    const pending = this.pending;
    expectThat(pending !== undefined, 'a difference to classify');
    const { line, saved, replayed, savedNext } = pending;
    const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined
      && normalized(a) === normalized(b);
    let change: LineChange = 'several';
    if (same(saved, replayedNext) && same(savedNext, replayed)) change = 'swapped';
    else if (same(saved, replayedNext)) change = 'removed';
    else if (same(savedNext, replayed)) change = 'added';
    else if (same(savedNext, replayedNext)) change = 'altered';
    else if (savedNext === undefined && replayedNext === undefined) change = 'altered';
    this.difference = { line, change, saved, replayed };
    throw STOP;
  }
}

function withoutUncompared(value: unknown): Record<string, unknown> {
  const fields = { ...(typeof value === 'object' && value !== null ? value : {}) } as Record<string, unknown>;
  for (const key of HEADER_FIELDS_NOT_COMPARED) delete fields[key];
  return fields;
}

/** A line without its chain field: what a /1 and a /2 line, or lines of two mirrorsim versions, have in common. */
function normalized(text: string): string {
  const chained = text.length > CHAIN_BODY_OFFSET && text.startsWith(CHAIN_PREFIX)
    && text[CHAIN_PREFIX.length + CHAIN_HEX_LENGTH] === '"' && text[CHAIN_BODY_OFFSET - 1] === ',';
  return chained ? `{${text.slice(CHAIN_BODY_OFFSET)}` : text;
}

/** Whether two lines are equal but for their chain fields (which the saved trace's own chain check covers). */
export function sameLine(a: Buffer, aStart: number, aEnd: number, b: Buffer, bStart: number, bEnd: number): boolean {
  if (aEnd <= aStart || bEnd <= bStart || a[aStart] !== b[bStart]) return false;
  const aBody = isChainedLine(a, aStart, aEnd) ? aStart + CHAIN_BODY_OFFSET : aStart + 1;
  const bBody = isChainedLine(b, bStart, bEnd) ? bStart + CHAIN_BODY_OFFSET : bStart + 1;
  return aEnd - aBody === bEnd - bBody && a.compare(b, bBody, bEnd, aBody, aEnd) === 0;
}
