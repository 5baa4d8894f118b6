// Named random streams: each component draws from its own stream derived from (root seed, stream name),
// so extra draws in one stream never reshuffle another, and variants run on one seed share their draws.

import seedrandom from 'seedrandom';
import { assert } from '../errors.js';

export class RandomStream {
  private readonly next: () => number;

  constructor(
    readonly rootSeed: string,
    readonly name: string,
  ) {
    // A JSON pair keeps ("1/a", "b") and ("1", "a/b") distinct.
    this.next = seedrandom.alea(JSON.stringify([rootSeed, name]));
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Uniform integer in [0, count). */
  integer(count: number): number {
    assert(count > 0 && Number.isInteger(count), `integer(count) needs a positive integer count, got ${count}`);
    return Math.floor(this.next() * count);
  }

  /** Uniform integer in [minimum, maximum], both inclusive. */
  between(minimum: number, maximum: number): number {
    return minimum + this.integer(maximum - minimum + 1);
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** An exponentially distributed whole number of microseconds with the given mean. */
  exponentialUs(meanUs: number): number {
    return Math.floor(-meanUs * Math.log(1 - this.next()));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.integer(items.length)];
  }
}

/** The streams of one run, created on first use and cached by name. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly rootSeed: string) {}

  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new RandomStream(this.rootSeed, name);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
