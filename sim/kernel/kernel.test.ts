import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../errors.js';
import { Kernel, Priority } from './kernel.js';
import { MemoryTraceSink, TraceRecorder } from './trace.js';

describe('Kernel', () => {
  it('runs equal-time events in insertion order, and by priority before that', () => {
    const kernel = new Kernel({ seed: '1' });
    const kind = kernel.kind('t');
    const seen: string[] = [];
    for (const label of ['a', 'b', 'c']) kernel.schedule(5, kind, () => seen.push(label));
    kernel.schedule(5, kind, () => seen.push('urgent'), undefined, Priority.urgent);
    kernel.schedule(5, kind, () => seen.push('low'), undefined, Priority.low);
    kernel.schedule(4, kind, () => seen.push('earlier'), undefined, Priority.low);
    expect(kernel.run()).toBe('quiescent');
    expect(seen).toEqual(['earlier', 'urgent', 'a', 'b', 'c', 'low']);
  });

  it('events scheduled for now by a running event run after those already queued for now', () => {
    const kernel = new Kernel({ seed: '1' });
    const kind = kernel.kind('t');
    const seen: string[] = [];
    kernel.schedule(1, kind, () => {
      seen.push('first');
      kernel.schedule(0, kind, () => seen.push('spawned'));
    });
    kernel.schedule(1, kind, () => seen.push('second'));
    kernel.run();
    expect(seen).toEqual(['first', 'second', 'spawned']);
  });

  it('never fires a cancelled event, and a stale handle cannot cancel a later event in the same slot', () => {
    const kernel = new Kernel({ seed: '1' });
    const kind = kernel.kind('t');
    const fired: number[] = [];
    const handles = Array.from({ length: 1000 }, (_, index) => kernel.schedule(index, kind, () => fired.push(index)));
    for (let index = 0; index < 1000; index += 2) expect(kernel.cancel(handles[index])).toBe(true);
    expect(kernel.cancel(handles[0])).toBe(false);
    expect(kernel.pendingCount).toBe(500);
    kernel.run();
    expect(fired).toEqual(Array.from({ length: 500 }, (_, index) => 2 * index + 1));
    // The slots are reused now; the old handles must not touch the new events.
    const later: number[] = [];
    for (let index = 0; index < 1000; index += 1) kernel.schedule(1, kind, () => later.push(index));
    for (const handle of handles) expect(kernel.cancel(handle)).toBe(false);
    kernel.run();
    expect(later).toHaveLength(1000);
  });

  // 1 ms lands in the event queue's timing wheel, 1 s in its heap.
  for (const delayUs of [1_000, 1_000_000]) {
    it(`purges cancelled events so memory follows pending events, not cancellations (delay ${delayUs} us)`, () => {
      const kernel = new Kernel({ seed: '1' });
      const kind = kernel.kind('t');
      const fired: number[] = [];
      for (let round = 0; round < 200; round += 1) {
        const handle = kernel.schedule(delayUs, kind, () => {});
        kernel.cancel(handle);
        if (round % 50 === 0) kernel.schedule(delayUs, kind, () => fired.push(round));
      }
      expect(kernel.pendingCount).toBe(4);
      expect((kernel as unknown as { queue: { size: number } }).queue.size).toBeLessThanOrEqual(134);
      kernel.run();
      expect(fired).toEqual([0, 50, 100, 150]);
    });
  }

  it('stops at an event bound and says so', () => {
    const kernel = new Kernel({ seed: '1' });
    const kind = kernel.kind('t');
    const tick = (): void => void kernel.schedule(10, kind, tick);
    kernel.schedule(0, kind, tick);
    expect(kernel.run({ maxEvents: 25 })).toBe('eventBound');
    expect(kernel.eventCount).toBe(25);
    expect(kernel.run({ untilUs: 1000 })).toBe('time');
    expect(kernel.nowUs).toBe(1000);
    expect(kernel.eventCount).toBe(100);
  });

  it('rejects negative, fractional and past times loudly', () => {
    const kernel = new Kernel({ seed: '1' });
    const kind = kernel.kind('t');
    expect(() => kernel.schedule(-3, kind, () => {})).toThrow(AssertionFailure);
    expect(() => kernel.schedule(1.5, kind, () => {})).toThrow(/whole number/);
    kernel.schedule(10, kind, () => {});
    kernel.run();
    expect(() => kernel.scheduleAt(5, kind, () => {})).toThrow(/past/);
  });

  it('checkpoints both fingerprints every K events, and the schedule fingerprint tracks time and kind', () => {
    const run = (delayUs: number, name: string): Kernel => {
      const kernel = new Kernel({ seed: '1', checkpointEvery: 10 });
      const kind = kernel.kind(name);
      const tick = (): void => void kernel.schedule(delayUs, kind, tick);
      kernel.schedule(0, kind, tick);
      kernel.run({ maxEvents: 95 });
      kernel.checkpoint();
      return kernel;
    };
    const base = run(10, 'tick');
    expect(base.checkpoints.map((checkpoint) => checkpoint.eventNumber)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
    expect(run(10, 'tick').scheduleFingerprint).toBe(base.scheduleFingerprint);
    expect(run(11, 'tick').scheduleFingerprint).not.toBe(base.scheduleFingerprint);
    expect(run(10, 'tock').scheduleFingerprint).not.toBe(base.scheduleFingerprint);
    expect(base.scheduleFingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps at most keptCheckpoints in memory, thinned evenly, the latest always, while the trace gets all', () => {
    // [events run, kept bound] -> event numbers of the checkpoints kept (checkpoint every 10 events).
    const cases: [number, number, number[]][] = [
      [40, 4, [10, 20, 30, 40]],
      [50, 4, [20, 40, 50]],
      [60, 4, [20, 40, 60]],
      [70, 4, [20, 40, 60, 70]],
      [95, 4, [40, 80, 95]],
      [95, 1024, [10, 20, 30, 40, 50, 60, 70, 80, 90, 95]],
      [330, 8, [80, 160, 240, 320, 330]],
    ];
    for (const [events, kept, expected] of cases) {
      const sink = new MemoryTraceSink();
      const trace = new TraceRecorder('summary', sink);
      const kernel = new Kernel({ seed: '1', checkpointEvery: 10, keptCheckpoints: kept, trace });
      const kind = kernel.kind('tick');
      const tick = (): void => void kernel.schedule(1, kind, tick);
      kernel.schedule(0, kind, tick);
      kernel.run({ maxEvents: events });
      const final = kernel.checkpoint();
      kernel.trace.flush();
      const keptNumbers = kernel.checkpoints.map((checkpoint) => checkpoint.eventNumber);
      expect(keptNumbers, `${events} events, ${kept} kept`).toEqual(expected);
      expect(kernel.checkpoints.length).toBeLessThanOrEqual(kept);
      expect(kernel.checkpoints.at(-1)).toEqual(final);
      const traced = sink.text().split('\n').filter((line) => line.includes('"checkpoint"'));
      expect(traced.length).toBe(Math.floor(events / 10) + (events % 10 === 0 ? 0 : 1));
    }
    expect(() => new Kernel({ seed: '1', keptCheckpoints: 1 })).toThrow(AssertionFailure);
  });

  it('keeps the outcome fingerprint apart from the schedule fingerprint', () => {
    const run = (value: number): Kernel => {
      const kernel = new Kernel({ seed: '1' });
      const kind = kernel.kind('t');
      kernel.schedule(1, kind, () => kernel.outcome(kernel.kind('result'), value));
      kernel.run();
      return kernel;
    };
    expect(run(1).scheduleFingerprint).toBe(run(2).scheduleFingerprint);
    expect(run(1).outcomeFingerprint).not.toBe(run(2).outcomeFingerprint);
  });

  it('writes a full trace with one line per event, and nothing when off', () => {
    const sink = new MemoryTraceSink();
    const kernel = new Kernel({ seed: '1', trace: new TraceRecorder('full', sink), checkpointEvery: 2 });
    const kind = kernel.kind('ping');
    for (let index = 0; index < 3; index += 1) kernel.schedule(index, kind, () => kernel.record('note', { index }));
    kernel.run();
    kernel.trace.flush();
    const lines = sink.text().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.type === 'event')).toHaveLength(3);
    expect(lines.filter((line) => line.type === 'record').map((line) => line.index)).toEqual([0, 1, 2]);
    expect(lines.filter((line) => line.type === 'checkpoint')).toHaveLength(1);

    const quiet = new MemoryTraceSink();
    const silent = new Kernel({ seed: '1', trace: new TraceRecorder('off', quiet) });
    silent.schedule(1, silent.kind('ping'), () => silent.record('note', {}));
    silent.run();
    silent.trace.flush();
    expect(quiet.text()).toBe('');
  });
});
