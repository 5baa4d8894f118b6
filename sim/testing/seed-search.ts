// Seed search for tests: "some seed of 1..N trips X" instead of a pinned magic seed, stopping at the first hit,
// so a change to the world's draws (a disk order, a new stream) moves the seed, not the test.

/** The first seed of "1".."count" for which `trips` holds, or undefined. */
export function firstSeed(count: number, trips: (seed: string) => boolean): string | undefined {
  for (let index = 1; index <= count; index += 1) {
    const seed = String(index);
    if (trips(seed)) return seed;
  }
  return undefined;
}
