// The block-device port: how the logic under test reads and writes pages. A page holds a content token
// (who wrote which version), not bytes. Completions arrive through callbacks carrying success or an error.

/** Content of a page: 0 for a page never written, otherwise a version stamp that grows with every write. */
export type ContentToken = number;

export type IoError = 'ioError' | 'deviceFailed';

export type WriteResult = { readonly ok: true } | { readonly ok: false; readonly error: IoError };
export type ReadResult = { readonly ok: true; readonly token: ContentToken } | { readonly ok: false; readonly error: IoError };

/** Pages of a range that hold data, in page order, as [pageIndex, token] pairs; pages absent are unwritten. */
export type RangeContent = readonly (readonly [number, ContentToken])[];
export type RangeReadResult = { readonly ok: true; readonly content: RangeContent } | { readonly ok: false; readonly error: IoError };

/**
 * A device of `pageCount` pages. What it promises, and nothing more (the simulated disk takes every freedom
 * left here, so logic that relies on more is exposed):
 * - Order: requests issued and not yet completed ("outstanding") may complete in ANY order, whatever the
 *   order of issue, also when they touch the same page. To have B follow A, issue B from A's `done`.
 * - `done` is called exactly once per request, never before the request's effect is in place, and never
 *   from inside the call that issued it (always later).
 * - Page atomicity: a page write is atomic: a page holds the whole old token or the whole new one.
 * - A range write is NOT atomic as a whole: each of its pages is an atomic page write; the pages land
 *   independently of each other. Once its `done` reports success, every page of the range holds it.
 * - A completed write (success reported) is durable: it survives a crash.
 * - Crash (power loss): no callback of an outstanding request is ever called. Each write outstanding at
 *   the crash either landed or did not, independently of the others; for a range write, independently page
 *   by page. Where two outstanding writes overlap and both land, the page holds either one.
 * - Reads: a successful read returns, for each page, the token of the last write to it that completed
 *   before the read was issued, or the token of any write to it outstanding at some moment during the read
 *   (overlapping reads and writes may be served either way). A range read is not a snapshot across pages.
 * - Errors: a failed request reports `ioError` (transient, or a latent sector error on a read; a write to the
 *   page clears a latent error) or `deviceFailed` (permanent: every later request fails too). A write that
 *   reports an error changed no page.
 */
export interface BlockDevice {
  readonly name: string;
  readonly pageCount: number;
  read(pageIndex: number, done: (result: ReadResult) => void): void;
  write(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void;
  /** Reads `pageCount` pages from `firstPage` as one transfer (not a snapshot: see the contract above). */
  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void;
  /**
   * Makes pages [firstPage, firstPage + pageCount) hold exactly `content` (others become unwritten), as one
   * transfer; each page atomic, the range as a whole not (see the contract above).
   */
  writeRange(firstPage: number, pageCount: number, content: RangeContent, done: (result: WriteResult) => void): void;
}
