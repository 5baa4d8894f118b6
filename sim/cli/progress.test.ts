import { describe, expect, it } from 'vitest';
import { SweepProgress, formatDuration, formatProgressLine, formatProgressLogLine } from './progress.js';

describe('sweep progress', () => {
  it.each([
    [0, '0:00'],
    [7_400, '0:07'],
    [754_000, '12:34'],
    [3_723_000, '1:02:03'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([80, 60, 40, 30])('the terminal line fits %i columns, with rate, elapsed time and ETA', (width) => {
    const line = formatProgressLine({ done: 120, total: 400, doneAtStart: 0, elapsedMs: 50_000 }, width);
    expect(line.length).toBeLessThan(width);
    if (width >= 60) expect(line).toMatch(/^\[#+\.+\] 120\/400 30% {2}2\.4 runs\/s {2}0:50 elapsed {2}ETA 1:57$/);
  });

  it('leaves the runs a resumed sweep had out of the rate, and has no ETA before a run ends', () => {
    expect(formatProgressLogLine({ done: 150, total: 400, doneAtStart: 100, elapsedMs: 100_000 }))
      .toBe('sweep: 150/400 runs (37%), 30.0 runs/min, 1:40 elapsed, about 8:20 left');
    expect(formatProgressLine({ done: 100, total: 400, doneAtStart: 100, elapsedMs: 2_000 }, 80)).toContain('ETA -:--');
  });

  function drive(terminal: boolean): string[] {
    let nowMs = 1_000_000;
    const written: string[] = [];
    const progress = new SweepProgress({ write: (text) => written.push(text), terminal, width: 80, now: () => nowMs });
    progress.update(0, 100);
    for (let done = 1; done <= 100; done += 1) {
      nowMs += 1_000; // a run a second, on a clock the test moves
      progress.update(done, 100);
    }
    progress.close();
    return written;
  }

  it('on a terminal: one line redrawn in place, ended by a newline', () => {
    const written = drive(true);
    expect(written.length).toBe(102);
    expect(written.slice(0, -1).every((text) => text.startsWith('\r') && !text.includes('\n'))).toBe(true);
    expect(written.at(-2)).toContain('100/100 100%  1.0 runs/s  1:40 elapsed');
    expect(written.at(-1)).toBe('\n');
  });

  it('on a pipe: no bar, only a log line every 30 s of wall time', () => {
    const written = drive(false);
    expect(written).toEqual([
      'sweep: 30/100 runs (30%), 1.0 runs/s, 0:30 elapsed, about 1:10 left\n',
      'sweep: 60/100 runs (60%), 1.0 runs/s, 1:00 elapsed, about 0:40 left\n',
      'sweep: 90/100 runs (90%), 1.0 runs/s, 1:30 elapsed, about 0:10 left\n',
    ]);
  });
});
