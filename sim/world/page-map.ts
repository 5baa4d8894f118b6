// A sparse map from page index to a non-zero safe-integer token, by chunks of 256 pages: the pages of a
// chunk with few of them sit in one shared Map, a chunk with more is 256 typed slots (8 bytes a page, where
// a Map entry costs about 40), so a disk or a ghost holds a whole written volume in a few MB and memory
// follows the pages written, never the capacity. Iterates in page order.

import { assert } from '../errors.js';

export const PAGE_MAP_CHUNK_PAGES = 256;
/** A chunk holding more pages than this moves into typed slots (about where the two cost the same). */
export const PAGE_MAP_DENSE_AFTER = 40;

export class PageMap {
  /** Tokens of the pages of chunks not (yet) dense. */
  private readonly sparse = new Map<number, number>();
  /** Pages held per chunk not dense, by chunk index. */
  private readonly sparseCounts = new Map<number, number>();
  /** Dense chunks by chunk index: tokens by slot (0: none), and how many are set. */
  private readonly dense = new Map<number, { readonly tokens: Float64Array; count: number }>();
  private pageCount = 0;

  /** Pages holding a token. */
  get size(): number {
    return this.pageCount;
  }

  get(pageIndex: number): number | undefined {
    const chunk = this.dense.get(Math.floor(pageIndex / PAGE_MAP_CHUNK_PAGES));
    if (chunk === undefined) return this.sparse.get(pageIndex);
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
    const chunk = this.dense.get(chunkIndex);
    if (chunk !== undefined) {
      const slot = pageIndex % PAGE_MAP_CHUNK_PAGES;
      if (chunk.tokens[slot] === 0) {
        chunk.count += 1;
        this.pageCount += 1;
      }
      chunk.tokens[slot] = token;
      return this;
    }
    if (!this.sparse.has(pageIndex)) {
      const count = (this.sparseCounts.get(chunkIndex) ?? 0) + 1;
      if (count > PAGE_MAP_DENSE_AFTER) {
        this.makeDense(chunkIndex, count - 1);
        return this.set(pageIndex, token);
      }
      this.sparseCounts.set(chunkIndex, count);
      this.pageCount += 1;
    }
    this.sparse.set(pageIndex, token);
    return this;
  }

  /** Removes a page's token; returns whether it had one. A dense chunk left empty is freed. */
  delete(pageIndex: number): boolean {
    const chunkIndex = Math.floor(pageIndex / PAGE_MAP_CHUNK_PAGES);
    const chunk = this.dense.get(chunkIndex);
    if (chunk !== undefined) {
      const slot = pageIndex % PAGE_MAP_CHUNK_PAGES;
      if (chunk.tokens[slot] === 0) return false;
      chunk.tokens[slot] = 0;
      chunk.count -= 1;
      if (chunk.count === 0) this.dense.delete(chunkIndex);
    } else {
      if (!this.sparse.delete(pageIndex)) return false;
      const count = this.sparseCounts.get(chunkIndex)! - 1;
      if (count === 0) this.sparseCounts.delete(chunkIndex);
      else this.sparseCounts.set(chunkIndex, count);
    }
    this.pageCount -= 1;
    return true;
  }

  clear(): void {
    this.sparse.clear();
    this.sparseCounts.clear();
    this.dense.clear();
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

  /** [page, token] of the pages in [firstPage, endPage) holding one, in page order; cost follows the chunks there. */
  *entriesInRange(firstPage: number, endPage: number): IterableIterator<[number, number]> {
    const firstChunk = Math.floor(firstPage / PAGE_MAP_CHUNK_PAGES);
    const chunkCount = this.dense.size + this.sparseCounts.size;
    const chunkIndexes = Math.ceil(endPage / PAGE_MAP_CHUNK_PAGES) - firstChunk > chunkCount
      ? [...this.dense.keys(), ...this.sparseCounts.keys()]
        .filter((index) => index >= firstChunk && index * PAGE_MAP_CHUNK_PAGES < endPage).sort((a, b) => a - b)
      : rangeOf(firstChunk, Math.ceil(endPage / PAGE_MAP_CHUNK_PAGES));
    for (const chunkIndex of chunkIndexes) {
      const base = chunkIndex * PAGE_MAP_CHUNK_PAGES;
      const from = Math.max(base, firstPage);
      const to = Math.min(base + PAGE_MAP_CHUNK_PAGES, endPage);
      const chunk = this.dense.get(chunkIndex);
      if (chunk !== undefined) {
        for (let pageIndex = from; pageIndex < to; pageIndex += 1) {
          const token = chunk.tokens[pageIndex - base];
          if (token !== 0) yield [pageIndex, token];
        }
        continue;
      }
      const count = this.sparseCounts.get(chunkIndex);
      if (count === undefined) continue;
      // A sparse chunk has at most PAGE_MAP_DENSE_AFTER pages: probing its slots costs 256 look-ups at most.
      let found = 0;
      for (let pageIndex = base; pageIndex < base + PAGE_MAP_CHUNK_PAGES && found < count; pageIndex += 1) {
        const token = this.sparse.get(pageIndex);
        if (token === undefined) continue;
        found += 1;
        if (pageIndex >= from && pageIndex < to) yield [pageIndex, token];
      }
    }
  }

  /** Moves a chunk's `count` pages out of the shared Map into typed slots. */
  private makeDense(chunkIndex: number, count: number): void {
    const tokens = new Float64Array(PAGE_MAP_CHUNK_PAGES);
    const base = chunkIndex * PAGE_MAP_CHUNK_PAGES;
    let moved = 0;
    for (let slot = 0; slot < PAGE_MAP_CHUNK_PAGES && moved < count; slot += 1) {
      const token = this.sparse.get(base + slot);
      if (token === undefined) continue;
      tokens[slot] = token;
      this.sparse.delete(base + slot);
      moved += 1;
    }
    assert(moved === count, `page map: chunk ${chunkIndex} held ${moved} pages, counted ${count}`);
    this.sparseCounts.delete(chunkIndex);
    this.dense.set(chunkIndex, { tokens, count });
  }
}

function rangeOf(first: number, end: number): number[] {
  const values: number[] = [];
  for (let value = first; value < end; value += 1) values.push(value);
  return values;
}
