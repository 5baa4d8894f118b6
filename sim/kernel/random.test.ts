import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStream, RandomStreams } from './random.js';

const draws = (stream: RandomStream, count: number): number[] => Array.from({ length: count }, () => stream.uniform());

describe('RandomStreams', () => {
  it('draws exactly what seedrandom.alea draws for the same seed', () => {
    for (const [seed, name] of [['1', 'disk'], ['bench', 'hold'], ['000', 'faults']]) {
      const reference = seedrandom.alea(JSON.stringify([seed, name]));
      const expected = Array.from({ length: 100_000 }, () => reference());
      expect(draws(new RandomStream(seed, name), 100_000)).toEqual(expected);
    }
  });

  it('gives the same sequence for the same root seed and stream name', () => {
    expect(draws(new RandomStreams('7').stream('disk'), 20)).toEqual(draws(new RandomStreams('7').stream('disk'), 20));
  });

  it('leaves every other stream unchanged when one stream draws more', () => {
    const quiet = new RandomStreams('7');
    const busy = new RandomStreams('7');
    draws(busy.stream('network'), 10_000); // extra draws in one stream...
    const interleaved: number[] = [];
    for (let index = 0; index < 50; index += 1) {
      busy.stream('network').uniform();
      interleaved.push(busy.stream('disk').uniform());
    }
    expect(interleaved).toEqual(draws(quiet.stream('disk'), 50)); // ...never reshuffle another
  });

  it('differs across seeds and across stream names, and keeps ("1/a","b") apart from ("1","a/b")', () => {
    expect(draws(new RandomStreams('1').stream('disk'), 5)).not.toEqual(draws(new RandomStreams('2').stream('disk'), 5));
    expect(draws(new RandomStreams('1').stream('disk'), 5)).not.toEqual(draws(new RandomStreams('1').stream('link'), 5));
    expect(draws(new RandomStreams('1/a').stream('b'), 5)).not.toEqual(draws(new RandomStreams('1').stream('a/b'), 5));
  });

  it('draws whole-microsecond exponential delays with about the requested mean', () => {
    const stream = new RandomStream('1', 'exp');
    let sum = 0;
    for (let index = 0; index < 100_000; index += 1) {
      const delay = stream.exponentialUs(1000);
      expect(Number.isInteger(delay) && delay >= 0).toBe(true);
      sum += delay;
    }
    expect(sum / 100_000).toBeGreaterThan(970);
    expect(sum / 100_000).toBeLessThan(1030);
  });

  it('draws integers within bounds', () => {
    const stream = new RandomStream('1', 'int');
    const seen = new Set<number>();
    for (let index = 0; index < 1000; index += 1) seen.add(stream.between(3, 5));
    expect([...seen].sort()).toEqual([3, 4, 5]);
    expect(() => stream.integer(0)).toThrow(/positive integer/);
  });
});
