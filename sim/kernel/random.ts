// Named random streams: each component draws from its own stream derived from (root seed, stream name),
// so extra draws in one stream never reshuffle another, and variants run on one seed share their draws.

import seedrandom from 'seedrandom';
import { assert } from '../errors.js';

interface AleaState {
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly c: number;
}

export class RandomStream {
  // Alea's state [s0, s1, s2, c]. seedrandom seeds it; the step in next() is Alea's own
  // (seedrandom/lib/alea.js), done as a method so every stream shares one optimised function (seedrandom
  // makes a closure per generator, which V8 stops specialising once a process has made several), and kept
  // in a Float64Array because double-valued object fields are boxed: 3x faster per draw, measured.
  private readonly state = new Float64Array(4);

  constructor(
    readonly rootSeed: string,
    readonly name: string,
  ) {
    // A JSON pair keeps ("1/a", "b") and ("1", "a/b") distinct.
    const state = seedrandom.alea(JSON.stringify([rootSeed, name]), { state: true }).state() as AleaState;
    this.state.set([state.s0, state.s1, state.s2, state.c]);
  }

  /** Uniform in [0, 1): the next output of seedrandom.alea for this stream's seed, bit for bit. */
  uniform(): number {
    return this.next();
  }

  private next(): number {
    const state = this.state;
    const t = 2091639 * state[0] + state[3] * 2.3283064365386963e-10; // 2^-32
    const carry = t | 0;
    state[0] = state[1];
    state[1] = state[2];
    state[3] = carry;
    state[2] = t - carry;
    return state[2];
  }

  /** Uniform integer in [0, count). */
  integer(count: number): number {
    if (!(count > 0 && Number.isInteger(count))) {
      assert(false, `integer(count) needs a positive integer count, got ${count}`);
    }
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
