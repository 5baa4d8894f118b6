// A set of positive version numbers (from one increasing counter) in about one bit each: chunks of 32,768
// versions as bitmaps, a chunk with none absent and a chunk with all of them a mark. The mirror oracle asks
// it which versions production wrote: a JS Set of every production write cost about 30 bytes a write.

import { assert } from '../errors.js';

const CHUNK_BITS = 2 ** 15;
const WORDS = CHUNK_BITS / 32;

export class VersionSet {
  /** Bitmaps by chunk index; `true` for a chunk holding every version in it. */
  private readonly chunks = new Map<number, { readonly words: Uint32Array; count: number } | true>();
  private total = 0;

  get size(): number {
    return this.total;
  }

  add(version: number): this {
    if (!(Number.isSafeInteger(version) && version > 0)) {
      assert(false, `version set: ${version} is not a positive safe integer`);
    }
    const chunkIndex = Math.floor(version / CHUNK_BITS);
    let chunk = this.chunks.get(chunkIndex);
    if (chunk === true) return this;
    if (chunk === undefined) {
      chunk = { words: new Uint32Array(WORDS), count: 0 };
      this.chunks.set(chunkIndex, chunk);
    }
    const bit = version % CHUNK_BITS;
    const mask = 1 << (bit % 32);
    const word = bit >>> 5;
    if ((chunk.words[word] & mask) !== 0) return this;
    chunk.words[word] |= mask;
    chunk.count += 1;
    this.total += 1;
    if (chunk.count === CHUNK_BITS) this.chunks.set(chunkIndex, true);
    return this;
  }

  has(version: number): boolean {
    if (!Number.isSafeInteger(version) || version <= 0) return false;
    const chunk = this.chunks.get(Math.floor(version / CHUNK_BITS));
    if (chunk === undefined) return false;
    if (chunk === true) return true;
    const bit = version % CHUNK_BITS;
    return (chunk.words[bit >>> 5] & (1 << (bit % 32))) !== 0;
  }

  clear(): void {
    this.chunks.clear();
    this.total = 0;
  }
}
