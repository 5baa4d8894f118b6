// The trace recorder: canonical JSONL, one header line, then events and records by level, checkpoints, an end line.
//   off     — nothing is written (fingerprints are still kept by the kernel)
//   summary — header, summary records (faults, state changes, verdicts), checkpoints, end
//   full    — all of summary, plus every executed event and every detail record

import { canonicalJson } from './canonical-json.js';

export const TRACE_LEVELS = ['off', 'summary', 'full'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];
export const TRACE_FORMAT = 'mirrorsim-trace/1';

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
    this.line(`{"n":${eventNumber},"outcome":"${outcome}","schedule":"${schedule}","t":${timeUs},"type":"checkpoint"}`);
  }

  end(fields: Record<string, unknown>): void {
    this.line(canonicalJson({ ...fields, type: 'end' }));
    this.flush();
  }

  flush(): void {
    if (this.pending.length === 0 || this.sink === undefined) return;
    this.sink.write(this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }

  private line(text: string): void {
    if (!this.enabled) return;
    this.pending.push(text, '\n');
    this.pendingBytes += text.length + 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }
}
