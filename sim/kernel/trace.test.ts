// The trace recorder's hash chain: every checkpoint and end line carries the SHA-256 of the bytes since the
// previous one (and of its own text), whatever the level and however the text was flushed.

import { describe, expect, it } from 'vitest';
import { isChained, linesOf, rechain } from '../testing/trace-fixture.js';
import { CHAIN_BODY_OFFSET } from './trace-chain.js';
import { MemoryTraceSink, TRACE_FORMAT, type TraceLevel, TraceRecorder } from './trace.js';

/** A recording of `events` events, a checkpoint every `every`, a record every 7th event. */
function record(level: TraceLevel, events: number, every: number, kindName = 'disk.complete'): string[] {
  const sink = new MemoryTraceSink();
  const trace = new TraceRecorder(level, sink);
  trace.header({ seed: '1', checkpointEvery: every });
  for (let n = 1; n <= events; n += 1) {
    trace.event(n, n * 10, kindName);
    if (n % 7 === 0) trace.record(n, n * 10, 'state', { subject: `copy ${n % 2}`, state: 'up' }, n % 14 === 0);
    if (n % every === 0) trace.checkpoint(n, n * 10, 'a'.repeat(16), 'b'.repeat(16));
  }
  if (events % every !== 0) trace.checkpoint(events, events * 10, 'c'.repeat(16), 'd'.repeat(16));
  trace.end({ n: events, t: events * 10, stop: 'time', violations: 0 });
  return linesOf(sink.text());
}

describe('the trace hash chain', () => {
  it.each([
    // level, events, checkpoint every, what it shows
    ['full', 50, 10, 'short segments'],
    ['full', 5000, 4096, 'a segment written in several flushes (over 64 KiB)'],
    ['full', 3000, 1, 'a checkpoint after every event'],
    ['summary', 5000, 100, 'summary level: records and checkpoints only'],
    ['summary', 3, 4096, 'no checkpoint before the end'],
  ] as const)('%s, %i events, every %i: %s', (level, events, every, _what) => {
    const lines = record(level, events, every);
    expect(JSON.parse(lines[0])).toMatchObject({ type: 'header', format: TRACE_FORMAT });
    expect(rechain(lines)).toEqual(lines);
    const chained = lines.filter(isChained);
    expect(chained.length).toBe(Math.floor(events / every) + (events % every === 0 ? 0 : 1) + 1);
    expect(JSON.parse(lines[lines.length - 1]).type).toBe('end');
    expect(lines.some((line) => line.includes('"type":"event"'))).toBe(level === 'full');
    for (const line of chained) expect(line[CHAIN_BODY_OFFSET - 1]).toBe(',');
  });

  it.each([
    ['an event line', (lines: string[]) => lines.map((line, at) => (at === 5 ? line.replace('"t":', '"t":9') : line))],
    ['a removed line', (lines: string[]) => lines.filter((_, index) => index !== 5)],
    ['a checkpoint line', (lines: string[]) => lines.map((line) => line.replace('"n":10,', '"n":11,'))],
    ['the end line', (lines: string[]) => lines.map((line) => line.replace('"stop":"time"', '"stop":"quiescent"'))],
    ['the header', (lines: string[]) => lines.map((line, index) => index === 0 ? line.replace('"1"', '"2"') : line)],
  ])('an edit of %s breaks a chain', (_, edit) => {
    const edited = edit(record('full', 50, 10));
    expect(rechain(edited)).not.toEqual(edited);
  });

  it('writes nothing at level off or without a sink, and keeps the end line\'s chain its own', () => {
    expect(record('off', 50, 10)).toEqual([]);
    const silent = new TraceRecorder('full', undefined);
    silent.checkpoint(1, 1, 'a', 'b');
    silent.end({ n: 1 });
    const trace = new TraceRecorder('summary', new MemoryTraceSink());
    expect(() => trace.end({ n: 1, chain: 'x' })).toThrow(/chain field/);
  });

  it('gives the same bytes for the same lines, whatever else differs', () => {
    expect(record('full', 300, 50)).toEqual(record('full', 300, 50));
    expect(record('full', 300, 50, 'other')).not.toEqual(record('full', 300, 50));
  });
});
