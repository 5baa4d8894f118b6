// A sparse map from page index to a non-zero safe-integer token, by chunks of 256 pages: a chunk with few
// pages is one array of [page, token] pairs in page order (16 bytes a page, where a Map entry costs about
// 40), a chunk with more is 256 typed slots (8 bytes a page), so a disk or a ghost holds a whole written
// volume in a few MB and memory follows the pages written, never the capacity. Iterates in page order.

import { assert } from '../errors.js';

export const PAGE_MAP_CHUNK_PAGES = 256;
/** A chunk holding more pages than this moves into typed slots (about where the two cost the same). */
export const PAGE_MAP_DENSE_AFTER = 40;

/** A chunk with few pages: page, token, page, token, ... in page order, exactly as long as it must be. */
type SparseChunk = number[];
interface DenseChunk {
  readonly tokens: Float64Array;
  count: number;
}

/** Index in a sparse chunk of the first pair whose page is not below `pageIndex` (its length if none). */
function pairAtOrAfter(chunk: SparseChunk, pageIndex: number): number {
  let low = 0;
  let high = chunk.length >>> 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (chunk[2 * middle] < pageIndex) low = middle + 1;
    else high = middle;
  }
  return 2 * low;
}

export class PageMap {
  /** Every chunk holding a page, sparse or dense, by chunk index. */
  private readonly chunks = new Map<number, SparseChunk | DenseChunk>();
  private pageCount = 0;

  /** Pages holding a token. */
  get size(): number {
    return this.pageCount;
  }

  get(pageIndex: number): number | undefined {
    const chunk = this.chunks.get(Math.floor(pageIndex / PAGE_MAP_CHUNK_PAGES));
    if (chunk === undefined) return undefined;
    if (Array.isArray(chunk)) {
      const at = pairAtOrAfter(chunk, pageIndex);
      return at < chunk.length && chunk[at] === pageIndex ? chunk[at + 1] : undefined;
    }
    const token = chunk.tokens[pageIndex % PAGE_MAP_CHUNK_PAGES];
    return token === 0 ? undefined : token;
  }

  has(pageIndex: number): boolean {
    return this.get(pageIndex) !== undefined;
  }

  set(pageIndex: number, token: number): this {
    if (!(Number.isSafeInteger(pageIndex) && pageIndex >= 0)) {
      assert(false, `page map: page ${pageIndex} is not a page index`);
    }
    if (!(Number.isSafeInteger(token) && token !== 0)) {
      assert(false, `page map: token ${token} is not a non-zero safe integer`);
    }
    const chunkIndex = Math.floor(pageIndex / PAGE_MAP_CHUNK_PAGES);
    const chunk = this.chunks.get(chunkIndex);
    if (chunk === undefined) {
      this.chunks.set(chunkIndex, [pageIndex, token]);
      this.pageCount += 1;
      return this;
    }
    if (!Array.isArray(chunk)) {
      const slot = pageIndex % PAGE_MAP_CHUNK_PAGES;
      if (chunk.tokens[slot] === 0) {
        chunk.count += 1;
        this.pageCount += 1;
      }
      chunk.tokens[slot] = token;
      return this;
    }
    const at = pairAtOrAfter(chunk, pageIndex);
    if (at < chunk.length && chunk[at] === pageIndex) {
      chunk[at + 1] = token;
      return this;
    }
    if (chunk.length / 2 + 1 > PAGE_MAP_DENSE_AFTER) {
      this.makeDense(chunkIndex, chunk);
      return this.set(pageIndex, token);
    }
    // A new array of the exact length (pushing would reserve room for many more pairs in every chunk).
    const grown: SparseChunk = new Array<number>(chunk.length + 2);
    for (let index = 0; index < at; index += 1) grown[index] = chunk[index];
    grown[at] = pageIndex;
    grown[at + 1] = token;
    for (let index = at; index < chunk.length; index += 1) grown[index + 2] = chunk[index];
    this.chunks.set(chunkIndex, grown);
    this.pageCount += 1;
    return this;
  }

  /** Removes a page's token; returns whether it had one. A chunk left empty is freed. */
  delete(pageIndex: number): boolean {
    const chunkIndex = Math.floor(pageIndex / PAGE_MAP_CHUNK_PAGES);
    const chunk = this.chunks.get(chunkIndex);
    if (chunk === undefined) return false;
    if (!Array.isArray(chunk)) {
      const slot = pageIndex % PAGE_MAP_CHUNK_PAGES;
      if (chunk.tokens[slot] === 0) return false;
      chunk.tokens[slot] = 0;
      chunk.count -= 1;
      if (chunk.count === 0) this.chunks.delete(chunkIndex);
    } else {
      const at = pairAtOrAfter(chunk, pageIndex);
      if (at >= chunk.length || chunk[at] !== pageIndex) return false;
      if (chunk.length === 2) this.chunks.delete(chunkIndex);
      else {
        const shrunk: SparseChunk = new Array<number>(chunk.length - 2);
        for (let index = 0; index < at; index += 1) shrunk[index] = chunk[index];
        for (let index = at + 2; index < chunk.length; index += 1) shrunk[index - 2] = chunk[index];
        this.chunks.set(chunkIndex, shrunk);
      }
    }
    this.pageCount -= 1;
    return true;
  }

  clear(): void {
    this.chunks.clear();
    this.pageCount = 0;
  }

  /** Pages holding a token, in page order. */
  *keys(): IterableIterator<number> {
    for (const [pageIndex] of this.entriesInRange(0, Infinity)) yield pageIndex;
  }

  /** [page, token] of every page holding one, in page order. */
  entries(): IterableIterator<[number, number]> {
    return this.entriesInRange(0, Infinity);
  }

  /**
   * [page, token] of the pages in [firstPage, endPage) holding one, in page order, one chunk gathered at a
   * time; cost follows the chunks there and the pages they hold.
   */
  *entriesInRange(firstPage: number, endPage: number): IterableIterator<[number, number]> {
    const gathered: [number, number][] = [];
    for (const chunkIndex of this.chunkIndexesIn(firstPage, endPage)) {
      gathered.length = 0;
      this.gatherChunk(chunkIndex, firstPage, endPage, gathered);
      yield* gathered;
    }
  }

  /** The same as an array, gathered at once (for a range read's content). */
  entriesInRangeArray(firstPage: number, endPage: number): [number, number][] {
    const gathered: [number, number][] = [];
    for (const chunkIndex of this.chunkIndexesIn(firstPage, endPage)) {
      this.gatherChunk(chunkIndex, firstPage, endPage, gathered);
    }
    return gathered;
  }

  /** Indexes of the chunks that may hold pages of [firstPage, endPage), ascending. */
  private chunkIndexesIn(firstPage: number, endPage: number): number[] {
    const firstChunk = Math.floor(firstPage / PAGE_MAP_CHUNK_PAGES);
    const endChunk = Math.ceil(endPage / PAGE_MAP_CHUNK_PAGES);
    if (endChunk - firstChunk <= this.chunks.size) return rangeOf(firstChunk, endChunk);
    return [...this.chunks.keys()]
      .filter((index) => index >= firstChunk && index * PAGE_MAP_CHUNK_PAGES < endPage).sort((a, b) => a - b);
  }

  /** Appends [page, token] of a chunk's pages in [firstPage, endPage), in page order. */
  private gatherChunk(chunkIndex: number, firstPage: number, endPage: number, into: [number, number][]): void {
    const chunk = this.chunks.get(chunkIndex);
    if (chunk === undefined) return;
    const base = chunkIndex * PAGE_MAP_CHUNK_PAGES;
    const from = Math.max(base, firstPage);
    const to = Math.min(base + PAGE_MAP_CHUNK_PAGES, endPage);
    if (Array.isArray(chunk)) {
      for (let at = pairAtOrAfter(chunk, from); at < chunk.length && chunk[at] < to; at += 2) {
        into.push([chunk[at], chunk[at + 1]]);
      }
      return;
    }
    for (let pageIndex = from; pageIndex < to; pageIndex += 1) {
      const token = chunk.tokens[pageIndex - base];
      if (token !== 0) into.push([pageIndex, token]);
    }
  }

  /** Moves a sparse chunk's pages into typed slots. */
  private makeDense(chunkIndex: number, chunk: SparseChunk): void {
    const tokens = new Float64Array(PAGE_MAP_CHUNK_PAGES);
    const base = chunkIndex * PAGE_MAP_CHUNK_PAGES;
    for (let at = 0; at < chunk.length; at += 2) tokens[chunk[at] - base] = chunk[at + 1];
    const count = chunk.length / 2;
    let held = 0;
    for (const token of tokens) if (token !== 0) held += 1;
    assert(held === count, `page map: chunk ${chunkIndex} held ${held} pages, counted ${count}`);
    this.chunks.set(chunkIndex, { tokens, count });
  }
}

function rangeOf(first: number, end: number): number[] {
  const values: number[] = [];
  for (let value = first; value < end; value += 1) values.push(value);
  return values;
}
