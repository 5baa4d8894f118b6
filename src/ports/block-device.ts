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

export interface BlockDevice {
  readonly name: string;
  readonly pageCount: number;
  read(pageIndex: number, done: (result: ReadResult) => void): void;
  write(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void;
  /** Reads `pageCount` pages from `firstPage` as one transfer. */
  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void;
  /** Makes pages [firstPage, firstPage + pageCount) hold exactly `content` (others become unwritten), as one transfer. */
  writeRange(firstPage: number, pageCount: number, content: RangeContent, done: (result: WriteResult) => void): void;
}
