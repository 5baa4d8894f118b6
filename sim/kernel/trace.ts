// The trace recorder: canonical JSONL, one header line, then events and records by level, checkpoints, an end line.
//   off     — nothing is written (fingerprints are still kept by the kernel)
//   summary — header, summary records (faults, state changes, verdicts), checkpoints, end
//   full    — all of summary, plus every executed event and every detail record
// Every checkpoint and the end line carry a hash chain over the exact bytes before them (trace-chain.ts).

import type { Hash } from 'node:crypto';
import { assert } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import { chainedLine, newChainHash } from './trace-chain.js';

export const TRACE_LEVELS = ['off', 'summary', 'full'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];
/** /2 added the hash chain (the "chain" field first on checkpoint and end lines); /1 traces are still read. */
export const TRACE_FORMAT = 'mirrorsim-trace/2';
export const TRACE_FORMATS_READ = ['mirrorsim-trace/1', TRACE_FORMAT] as const;

/** Where trace text goes. The CLI writes a file atomically; tests keep it in memory. */
export interface TraceSink {
  write(chunk: string): void;
}

export class MemoryTraceSink implements TraceSink {
  private readonly chunks: string[] = [];
  write(chunk: string): void {
    this.chunks.push(chunk);
  }
  text(): string {
    return this.chunks.join('');
  }
}

const FLUSH_BYTES = 1 << 16;

export class TraceRecorder {
  private pending: string[] = [];
  private pendingBytes = 0;
  /** The bytes written since the last chained line (or the start), flushed ones included. */
  private segment: Hash | undefined;

  constructor(
    readonly level: TraceLevel,
    private readonly sink: TraceSink | undefined,
  ) {}

  get full(): boolean {
    return this.level === 'full';
  }

  get enabled(): boolean {
    return this.level !== 'off' && this.sink !== undefined;
  }

  header(fields: Record<string, unknown>): void {
    this.line(canonicalJson({ ...fields, format: TRACE_FORMAT, type: 'header' }));
  }

  /** One executed event (full level only); kept minimal because it is written once per event. */
  event(eventNumber: number, timeUs: number, kindName: string): void {
    if (!this.full) return;
    this.line(`{"kind":${JSON.stringify(kindName)},"n":${eventNumber},"t":${timeUs},"type":"event"}`);
  }

  record(eventNumber: number, timeUs: number, record: string, fields: Record<string, unknown>, detail: boolean): void {
    if (!this.enabled || (detail && !this.full)) return;
    this.line(canonicalJson({ ...fields, n: eventNumber, record, t: timeUs, type: 'record' }));
  }

  checkpoint(eventNumber: number, timeUs: number, schedule: string, outcome: string): void {
    const fingerprints = `"outcome":"${outcome}","schedule":"${schedule}"`;
    this.chained(`{"n":${eventNumber},${fingerprints},"t":${timeUs},"type":"checkpoint"}`);
  }

  end(fields: Record<string, unknown>): void {
    assert(!('chain' in fields), 'the end line\'s chain field is the recorder\'s own');
    this.chained(canonicalJson({ ...fields, type: 'end' }));
    this.flush();
  }

  flush(): void {
    if (this.pending.length === 0 || this.sink === undefined) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    this.segment ??= newChainHash();
    this.segment.update(chunk);
    this.sink.write(chunk);
  }

  /** A checkpoint or end line: the chain covers everything since the previous one, and the line's own text. */
  private chained(body: string): void {
    if (!this.enabled) return;
    this.flush();
    const segment = this.segment ?? newChainHash();
    this.segment = undefined;
    this.line(chainedLine(segment, body));
  }

  private line(text: string): void {
    if (!this.enabled) return;
    this.pending.push(text, '\n');
    this.pendingBytes += text.length + 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }
}
