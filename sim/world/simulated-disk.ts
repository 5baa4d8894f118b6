// A simulated disk that takes every freedom its port (src/ports/block-device.ts) leaves: a command queue
// served one request at a time in an order drawn from the seed (or FIFO, a setting for queueing studies),
// sparse pages (memory grows with pages written, not with capacity), and the faults: permanent failure,
// transient I/O errors, latent sector errors, slowness, and a crash that drops the queue, where each
// outstanding write lands or not, independently, page by page.

import type {
  BlockDevice,
  ContentToken,
  RangeContent,
  RangeReadResult,
  ReadResult,
  WriteResult,
} from '../../src/ports/block-device.js';
import { assert } from '../errors.js';
import type { Kernel, EventHandle } from '../kernel/kernel.js';
import type { RandomStream } from '../kernel/random.js';
import { PageMap } from './page-map.js';
import { type ServiceModel, serviceTimeUs } from './service-time.js';

/**
 * Starvation bound of the `any` order. A queued request passed over this many times (this many other
 * requests served while it waited) is served next, oldest first: the oldest queued request is the one passed
 * over most, so the rule costs one comparison. Hence a request is overtaken by at most MAX_PASSED_OVER
 * requests issued after it, and is served within MAX_PASSED_OVER + (requests queued before it) serves.
 * Under a queue deeper than the bound the order tends to FIFO; reordering is freest at shallow queues.
 */
export const MAX_PASSED_OVER = 16;

/**
 * Bound on requests queued at one disk (not counting the one in service). The logic issues a bounded
 * number of requests per operation and its operations are paced; a queue beyond this is a runaway
 * (a sim bug or a workload that can never be served), asserted rather than left to grow.
 */
export const QUEUE_LIMIT = 65_536;

/** Probability that one outstanding page write lands at a crash. */
const LANDING_PROBABILITY = 0.5;

type RequestBody =
  | { readonly kind: 'read'; readonly pageIndex: number; readonly done: (result: ReadResult) => void }
  | {
      readonly kind: 'write';
      readonly pageIndex: number;
      readonly token: ContentToken;
      readonly done: (result: WriteResult) => void;
    }
  | {
      readonly kind: 'readRange';
      readonly firstPage: number;
      readonly pageCount: number;
      readonly done: (result: RangeReadResult) => void;
    }
  | {
      readonly kind: 'writeRange';
      readonly firstPage: number;
      readonly pageCount: number;
      readonly content: RangeContent;
      readonly done: (result: WriteResult) => void;
    };

/** A queued request and the disk's serve count when it was queued (serves since then passed it over). */
type Request = RequestBody & { readonly queuedAtServe: number };

/** What the oracle sees of a disk: every landed write (with what it replaced) and every single-page read sent to it. */
export interface DiskWatcher {
  pageWritten(
    disk: SimulatedDisk,
    pageIndex: number,
    token: ContentToken,
    previous: ContentToken,
    fromRange: boolean,
  ): void;
  /** A single-page read is sent (queued): the moment its requester chose this disk to read from. */
  readSent(disk: SimulatedDisk, pageIndex: number): void;
  /** A whole range write has landed (not called for a range that landed only in part at a crash). */
  rangeWritten(disk: SimulatedDisk, firstPage: number, pageCount: number): void;
}

export class SimulatedDisk implements BlockDevice {
  failed = false;
  transientErrorProbability = 0;
  slowFactor = 1;
  readonly latentErrors = new Set<number>();
  /** What each written page holds (a page never written, or written with 0, holds 0). */
  private readonly pages = new PageMap();
  /** Queued requests in issue order, from `queueHead` on. */
  private readonly queue: Request[] = [];
  private queueHead = 0;
  private serveCount = 0;
  private inService: { request: Request; handle: EventHandle } | undefined;
  private readonly completeKind;
  private readonly fifo: boolean;
  /** Which queued request is served next (its own stream: service times draw the same as under FIFO). */
  private readonly orderStream: RandomStream;
  /** Which outstanding page writes land at a crash. */
  private readonly landingStream: RandomStream;
  /** Deepest the queue has been (requests waiting, not counting the one in service). */
  queueDepthMax = 0;
  /** Requests served, by kind: for the result's counts. */
  readonly served = { read: 0, write: 0, readRange: 0, writeRange: 0, errors: 0 };

  constructor(
    readonly name: string,
    readonly pageCount: number,
    private readonly kernel: Kernel,
    private readonly service: ServiceModel,
    private readonly stream: RandomStream,
    private readonly watcher: DiskWatcher,
  ) {
    assert(Number.isSafeInteger(pageCount), `${name}: page count ${pageCount} is not a safe integer`);
    assert(pageCount >= 1, `${name}: page count ${pageCount} below one`);
    this.completeKind = kernel.kind('disk.complete');
    this.fifo = (service.order ?? 'any') === 'fifo';
    this.orderStream = kernel.random.stream(`${stream.name}.order`);
    this.landingStream = kernel.random.stream(`${stream.name}.landing`);
  }

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    this.checkPage(pageIndex, 1);
    this.watcher.readSent(this, pageIndex);
    this.enqueue({ kind: 'read', pageIndex, done, queuedAtServe: this.serveCount });
  }

  write(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void {
    this.checkPage(pageIndex, 1);
    this.enqueue({ kind: 'write', pageIndex, token, done, queuedAtServe: this.serveCount });
  }

  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void {
    this.checkPage(firstPage, pageCount);
    this.enqueue({ kind: 'readRange', firstPage, pageCount, done, queuedAtServe: this.serveCount });
  }

  writeRange(firstPage: number, pageCount: number, content: RangeContent, done: (result: WriteResult) => void): void {
    this.checkPage(firstPage, pageCount);
    this.enqueue({ kind: 'writeRange', firstPage, pageCount, content, done, queuedAtServe: this.serveCount });
  }

  /** Requests issued and not completed: queued plus the one in service. */
  get outstandingCount(): number {
    return this.queue.length - this.queueHead + (this.inService === undefined ? 0 : 1);
  }

  /** The token a page holds now (the oracle's ghost view; the logic only sees it through reads). */
  peek(pageIndex: number): ContentToken {
    return this.pages.get(pageIndex) ?? 0;
  }

  /**
   * Tokens that writes issued to `pageIndex` and not yet completed (queued or in service) would put there: the
   * oracle's ghost view of what a page is about to hold. Cost follows the requests outstanding.
   */
  outstandingWriteTokens(pageIndex: number): ContentToken[] {
    const requests = [...(this.inService ? [this.inService.request] : []), ...this.queue.slice(this.queueHead)];
    const tokens: ContentToken[] = [];
    for (const request of requests) {
      if (request.kind === 'write' && request.pageIndex === pageIndex) tokens.push(request.token);
      if (request.kind !== 'writeRange') continue;
      if (pageIndex < request.firstPage || pageIndex >= request.firstPage + request.pageCount) continue;
      tokens.push(request.content.find(([page]) => page === pageIndex)?.[1] ?? 0);
    }
    return tokens;
  }

  /** A storage subsystem's point-in-time copy: this disk now holds exactly what `source` holds (sim only). */
  loadFrom(source: SimulatedDisk): void {
    this.pages.clear();
    for (const [pageIndex, token] of source.pages.entries()) this.pages.set(pageIndex, token);
  }

  /** Pages holding a non-zero token. */
  get writtenPageCount(): number {
    return this.pages.size;
  }

  /** Every written page in page order, as [pageIndex, token]. */
  writtenPages(): [number, ContentToken][] {
    return this.pages.entriesInRangeArray(0, Infinity);
  }

  /** The same, one at a time, without a copy (the disk must not change meanwhile). */
  writtenEntries(): IterableIterator<[number, ContentToken]> {
    return this.pages.entries();
  }

  /**
   * Power loss: the queue is gone and no callback runs. Each outstanding write (queued or in service) lands
   * or not, independently, and a range write page by page; the landed ones are applied in an order drawn
   * from the seed, so of two overlapping writes that both land either may be the one left.
   */
  crash(): void {
    const inFlight = [...(this.inService ? [this.inService.request] : []), ...this.queue.slice(this.queueHead)];
    if (this.inService) this.kernel.cancel(this.inService.handle);
    this.inService = undefined;
    this.queue.length = 0;
    this.queueHead = 0;
    if (this.failed) return;
    const writes = inFlight.filter((request) => request.kind === 'write' || request.kind === 'writeRange');
    for (let index = writes.length - 1; index > 0; index -= 1) {
      const other = this.landingStream.integer(index + 1);
      [writes[index], writes[other]] = [writes[other], writes[index]];
    }
    for (const request of writes) {
      if (request.kind === 'write') {
        if (this.landingStream.chance(LANDING_PROBABILITY)) this.setPage(request.pageIndex, request.token, false);
      } else if (request.kind === 'writeRange') this.landRangeInPart(request);
    }
  }

  private checkPage(firstPage: number, pageCount: number): void {
    // Checked on every request: the message is built only when a check fails.
    const inside = Number.isInteger(firstPage) && firstPage >= 0 && pageCount >= 1;
    if (inside && firstPage + pageCount <= this.pageCount) return;
    const where = `${this.name}: pages ${firstPage}+${pageCount} outside 0..${this.pageCount - 1}`;
    assert(Number.isInteger(firstPage), where);
    assert(firstPage >= 0, where);
    assert(pageCount >= 1, where);
    assert(firstPage + pageCount <= this.pageCount, where);
  }

  private enqueue(request: Request): void {
    if (this.queue.length - this.queueHead >= QUEUE_LIMIT) {
      assert(false, `${this.name}: more than ${QUEUE_LIMIT} requests queued (issued faster than the disk serves them)`);
    }
    this.queue.push(request);
    const depth = this.queue.length - this.queueHead;
    if (depth > this.queueDepthMax) this.queueDepthMax = depth;
    if (this.inService === undefined) this.startNext();
  }

  /** Takes the next request to serve off the queue: FIFO, or at random with the age bound. */
  private takeNext(): Request {
    const queuedCount = this.queue.length - this.queueHead;
    const oldest = this.queue[this.queueHead];
    const passedOver = this.serveCount - oldest.queuedAtServe;
    if (queuedCount < 1) assert(false, `${this.name}: nothing queued to serve`);
    if (!(passedOver >= 0)) assert(false, `${this.name}: request passed over ${passedOver} times`);
    const drawn = !this.fifo && queuedCount > 1 && passedOver < MAX_PASSED_OVER;
    const offset = drawn ? this.orderStream.integer(queuedCount) : 0;
    if (offset > 0) return this.queue.splice(this.queueHead + offset, 1)[0];
    this.queueHead += 1;
    // A disk that never runs dry would keep served requests referenced: drop them now and then.
    if (this.queueHead >= 1024 && this.queueHead * 2 >= this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    return oldest;
  }

  private startNext(): void {
    if (this.inService !== undefined) assert(false, `${this.name}: a request is already in service`);
    if (this.queueHead >= this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
      return;
    }
    const request = this.takeNext();
    this.serveCount += 1;
    const pages = request.kind === 'readRange' || request.kind === 'writeRange' ? request.pageCount : 1;
    const timeUs = serviceTimeUs(this.service, pages, this.stream) * this.slowFactor;
    const handle = this.kernel.schedule(Math.max(1, Math.round(timeUs)), this.completeKind, this.complete, request);
    this.inService = { request, handle };
  }

  private readonly complete = (request: Request): void => {
    // Start the next request before running this one's callback: a request the callback issues then
    // joins the queue instead of being served before the ones already waiting.
    this.inService = undefined;
    this.startNext();
    this.finish(request);
  };

  private finish(request: Request): void {
    this.served[request.kind] += 1;
    // The transient draw only on a working disk, as before: the service stream draws the same under either order.
    const error = this.failed
      ? 'deviceFailed'
      : this.transientErrorProbability > 0 && this.stream.chance(this.transientErrorProbability)
        ? 'ioError'
        : undefined;
    if (error !== undefined) {
      this.served.errors += 1;
      (request.done as (result: { ok: false; error: typeof error }) => void)({ ok: false, error });
      return;
    }
    switch (request.kind) {
      case 'read': {
        if (this.latentErrors.has(request.pageIndex)) {
          this.served.errors += 1;
          return request.done({ ok: false, error: 'ioError' });
        }
        return request.done({ ok: true, token: this.peek(request.pageIndex) });
      }
      case 'readRange': {
        if (this.latentErrorIn(request.firstPage, request.pageCount)) {
          this.served.errors += 1;
          return request.done({ ok: false, error: 'ioError' });
        }
        return request.done({ ok: true, content: this.rangeContent(request.firstPage, request.pageCount) });
      }
      case 'write':
        this.setPage(request.pageIndex, request.token, false);
        return request.done({ ok: true });
      case 'writeRange':
        this.landRange(request);
        return request.done({ ok: true });
    }
  }

  /** Whether a page of the range has a latent error: the smaller of the range and the error set is walked. */
  private latentErrorIn(firstPage: number, pageCount: number): boolean {
    const errors = this.latentErrors;
    if (errors.size === 0) return false;
    const endPage = firstPage + pageCount;
    if (errors.size < pageCount) {
      for (const page of errors) if (page >= firstPage && page < endPage) return true;
      return false;
    }
    for (let page = firstPage; page < endPage; page += 1) if (errors.has(page)) return true;
    return false;
  }

  /** The pages a range write changes: those it writes, and those written now that it makes unwritten. */
  private rangeChanges(request: Extract<RequestBody, { kind: 'writeRange' }>): [number, ContentToken][] {
    const end = request.firstPage + request.pageCount;
    const incoming = new Map<number, ContentToken>();
    for (const [pageIndex, token] of request.content) {
      if (pageIndex >= request.firstPage && pageIndex < end) incoming.set(pageIndex, token);
    }
    const changes: [number, ContentToken][] = [];
    for (const [pageIndex] of this.rangeContent(request.firstPage, request.pageCount)) {
      if (!incoming.has(pageIndex)) changes.push([pageIndex, 0]);
    }
    for (const entry of incoming) changes.push(entry);
    return changes;
  }

  private landRange(request: Extract<RequestBody, { kind: 'writeRange' }>): void {
    for (const [pageIndex, token] of this.rangeChanges(request)) this.setPage(pageIndex, token, true);
    this.watcher.rangeWritten(this, request.firstPage, request.pageCount);
  }

  /** At a crash: each page of the range lands or not, independently; the range never counts as landed whole. */
  private landRangeInPart(request: Extract<RequestBody, { kind: 'writeRange' }>): void {
    for (const [pageIndex, token] of this.rangeChanges(request)) {
      if (this.landingStream.chance(LANDING_PROBABILITY)) this.setPage(pageIndex, token, true);
    }
  }

  private setPage(pageIndex: number, token: ContentToken, fromRange: boolean): void {
    const previous = this.pages.get(pageIndex) ?? 0;
    this.latentErrors.delete(pageIndex);
    if (token === 0) this.pages.delete(pageIndex);
    else this.pages.set(pageIndex, token);
    this.watcher.pageWritten(this, pageIndex, token, previous, fromRange);
  }

  /** Written pages of a range in page order; cost follows the chunks in the range and the pages written. */
  private rangeContent(firstPage: number, pageCount: number): [number, ContentToken][] {
    return this.pages.entriesInRangeArray(firstPage, firstPage + pageCount);
  }
}

/** [page, token on first, token on second] of each page the two disks hold differently, in page order. */
export function* differingPages(
  first: SimulatedDisk,
  second: SimulatedDisk,
): IterableIterator<[number, ContentToken, ContentToken]> {
  const left = first.writtenEntries();
  const right = second.writtenEntries();
  let a = left.next();
  let b = right.next();
  while (!a.done || !b.done) {
    if (b.done || (!a.done && a.value[0] < b.value[0])) {
      yield [a.value![0], a.value![1], 0];
      a = left.next();
    } else if (a.done || b.value[0] < a.value[0]) {
      yield [b.value[0], 0, b.value[1]];
      b = right.next();
    } else {
      if (a.value[1] !== b.value[1]) yield [a.value[0], a.value[1], b.value[1]];
      a = left.next();
      b = right.next();
    }
  }
}
