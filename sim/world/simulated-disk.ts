// A simulated disk: pages hold content tokens in sparse chunks (memory grows with pages written, not with
// capacity), one FIFO queue served one request at a time, and the faults: permanent failure, transient
// I/O errors, latent sector errors, slowness, and a crash that drops the queue (in-flight writes land or not).

import type { BlockDevice, ContentToken, RangeContent, RangeReadResult, ReadResult, WriteResult } from '../../src/ports/block-device.js';
import { assert } from '../errors.js';
import type { Kernel, EventHandle } from '../kernel/kernel.js';
import type { RandomStream } from '../kernel/random.js';
import { type ServiceModel, serviceTimeUs } from './service-time.js';

const CHUNK_PAGES = 256;

type Request =
  | { readonly kind: 'read'; readonly pageIndex: number; readonly done: (result: ReadResult) => void }
  | { readonly kind: 'write'; readonly pageIndex: number; readonly token: ContentToken; readonly done: (result: WriteResult) => void }
  | { readonly kind: 'readRange'; readonly firstPage: number; readonly pageCount: number; readonly done: (result: RangeReadResult) => void }
  | { readonly kind: 'writeRange'; readonly firstPage: number; readonly pageCount: number; readonly content: RangeContent; readonly done: (result: WriteResult) => void };

/** What the oracle sees of a disk: every landed write (with what it replaced) and every single-page read served. */
export interface DiskWatcher {
  pageWritten(disk: SimulatedDisk, pageIndex: number, token: ContentToken, previous: ContentToken, fromRange: boolean): void;
  pageRead(disk: SimulatedDisk, pageIndex: number, token: ContentToken): void;
  /** A whole range write has landed. */
  rangeWritten(disk: SimulatedDisk, firstPage: number, pageCount: number): void;
}

export class SimulatedDisk implements BlockDevice {
  failed = false;
  transientErrorProbability = 0;
  slowFactor = 1;
  readonly latentErrors = new Set<number>();
  private readonly chunks = new Map<number, Map<number, ContentToken>>();
  private readonly queue: Request[] = [];
  private queueHead = 0;
  private inService: { request: Request; handle: EventHandle } | undefined;
  private readonly completeKind;
  writtenPageCount = 0;
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
    this.completeKind = kernel.kind('disk.complete');
  }

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    this.checkPage(pageIndex, 1);
    this.enqueue({ kind: 'read', pageIndex, done });
  }

  write(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void {
    this.checkPage(pageIndex, 1);
    this.enqueue({ kind: 'write', pageIndex, token, done });
  }

  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void {
    this.checkPage(firstPage, pageCount);
    this.enqueue({ kind: 'readRange', firstPage, pageCount, done });
  }

  writeRange(firstPage: number, pageCount: number, content: RangeContent, done: (result: WriteResult) => void): void {
    this.checkPage(firstPage, pageCount);
    this.enqueue({ kind: 'writeRange', firstPage, pageCount, content, done });
  }

  /** The token a page holds now (the oracle's ghost view; the logic only sees it through reads). */
  peek(pageIndex: number): ContentToken {
    return this.chunks.get(Math.floor(pageIndex / CHUNK_PAGES))?.get(pageIndex) ?? 0;
  }

  /** A storage subsystem's point-in-time copy: this disk now holds exactly what `source` holds (sim only). */
  loadFrom(source: SimulatedDisk): void {
    this.chunks.clear();
    this.writtenPageCount = 0;
    for (const [pageIndex, token] of source.writtenPages()) {
      const chunkIndex = Math.floor(pageIndex / CHUNK_PAGES);
      let chunk = this.chunks.get(chunkIndex);
      if (chunk === undefined) {
        chunk = new Map();
        this.chunks.set(chunkIndex, chunk);
      }
      chunk.set(pageIndex, token);
      this.writtenPageCount += 1;
    }
  }

  /** Every written page in page order, as [pageIndex, token]. */
  writtenPages(): [number, ContentToken][] {
    const result: [number, ContentToken][] = [];
    for (const chunkIndex of [...this.chunks.keys()].sort((a, b) => a - b)) {
      const chunk = this.chunks.get(chunkIndex)!;
      for (const pageIndex of [...chunk.keys()].sort((a, b) => a - b)) result.push([pageIndex, chunk.get(pageIndex)!]);
    }
    return result;
  }

  /** Power loss: the queue is gone; each write in flight (queued or in service) lands or not, by the seed. */
  crash(): void {
    const inFlight = [...(this.inService ? [this.inService.request] : []), ...this.queue.slice(this.queueHead)];
    if (this.inService) this.kernel.cancel(this.inService.handle);
    this.inService = undefined;
    this.queue.length = 0;
    this.queueHead = 0;
    for (const request of inFlight) {
      if ((request.kind === 'write' || request.kind === 'writeRange') && !this.failed && this.stream.chance(0.5)) this.apply(request);
    }
  }

  private checkPage(firstPage: number, pageCount: number): void {
    assert(Number.isInteger(firstPage) && firstPage >= 0 && pageCount >= 1 && firstPage + pageCount <= this.pageCount, `${this.name}: pages ${firstPage}+${pageCount} outside 0..${this.pageCount - 1}`);
  }

  private enqueue(request: Request): void {
    this.queue.push(request);
    if (this.inService === undefined) this.startNext();
  }

  private startNext(): void {
    assert(this.inService === undefined, `${this.name}: a request is already in service`);
    if (this.queueHead >= this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
      return;
    }
    const request = this.queue[this.queueHead];
    this.queueHead += 1;
    const pages = request.kind === 'readRange' || request.kind === 'writeRange' ? request.pageCount : 1;
    const timeUs = serviceTimeUs(this.service, pages, this.stream) * this.slowFactor;
    const handle = this.kernel.schedule(Math.max(1, Math.round(timeUs)), this.completeKind, this.complete, request);
    this.inService = { request, handle };
  }

  private readonly complete = (request: Request): void => {
    // Start the next request before running this one's callback: a request the callback issues then
    // queues behind the others instead of being served beside them (one server, FIFO).
    this.inService = undefined;
    this.startNext();
    this.finish(request);
  };

  private finish(request: Request): void {
    this.served[request.kind] += 1;
    const error = this.failed ? 'deviceFailed' : this.transientErrorProbability > 0 && this.stream.chance(this.transientErrorProbability) ? 'ioError' : undefined;
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
        const token = this.peek(request.pageIndex);
        this.watcher.pageRead(this, request.pageIndex, token);
        return request.done({ ok: true, token });
      }
      case 'readRange': {
        for (let page = request.firstPage; page < request.firstPage + request.pageCount; page += 1) {
          if (this.latentErrors.size > 0 && this.latentErrors.has(page)) {
            this.served.errors += 1;
            return request.done({ ok: false, error: 'ioError' });
          }
        }
        return request.done({ ok: true, content: this.rangeContent(request.firstPage, request.pageCount) });
      }
      case 'write':
      case 'writeRange':
        this.apply(request);
        return request.done({ ok: true });
    }
  }

  private apply(request: Request): void {
    if (request.kind === 'write') this.setPage(request.pageIndex, request.token, false);
    else if (request.kind === 'writeRange') {
      const end = request.firstPage + request.pageCount;
      const incoming = new Map(request.content);
      for (const [pageIndex] of this.rangeContent(request.firstPage, request.pageCount)) if (!incoming.has(pageIndex)) this.setPage(pageIndex, 0, true);
      for (const [pageIndex, token] of request.content) if (pageIndex >= request.firstPage && pageIndex < end) this.setPage(pageIndex, token, true);
      this.watcher.rangeWritten(this, request.firstPage, request.pageCount);
    }
  }

  private setPage(pageIndex: number, token: ContentToken, fromRange: boolean): void {
    const chunkIndex = Math.floor(pageIndex / CHUNK_PAGES);
    let chunk = this.chunks.get(chunkIndex);
    const previous = chunk?.get(pageIndex) ?? 0;
    this.latentErrors.delete(pageIndex);
    if (token === 0) {
      if (chunk?.delete(pageIndex)) this.writtenPageCount -= 1;
      if (chunk && chunk.size === 0) this.chunks.delete(chunkIndex);
    } else {
      if (chunk === undefined) {
        chunk = new Map();
        this.chunks.set(chunkIndex, chunk);
      }
      if (!chunk.has(pageIndex)) this.writtenPageCount += 1;
      chunk.set(pageIndex, token);
    }
    this.watcher.pageWritten(this, pageIndex, token, previous, fromRange);
  }

  /** Written pages of a range in page order; cost follows the chunks in the range and the pages written. */
  private rangeContent(firstPage: number, pageCount: number): [number, ContentToken][] {
    const end = firstPage + pageCount;
    const result: [number, ContentToken][] = [];
    for (let chunkIndex = Math.floor(firstPage / CHUNK_PAGES); chunkIndex * CHUNK_PAGES < end; chunkIndex += 1) {
      const chunk = this.chunks.get(chunkIndex);
      if (chunk === undefined) continue;
      const pages = [...chunk.keys()].filter((page) => page >= firstPage && page < end).sort((a, b) => a - b);
      for (const page of pages) result.push([page, chunk.get(page)!]);
    }
    return result;
  }
}
