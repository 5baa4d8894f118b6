// A block device seen by the oracle: the world wraps each path into a target's copy (the replication path
// handed to the mirroring target, the application path its store is varied on with) so that the oracle
// sees with its own eyes who uses the copy. Pure forwarding: it decides nothing and changes no result.

import type {
  BlockDevice, ContentToken, RangeContent, RangeReadResult, ReadResult, WriteResult,
} from '../../src/ports/block-device.js';
import type { SimulatedDisk } from '../world/simulated-disk.js';

export type DevicePath = 'replication' | 'application';

export interface PathObserver {
  pathRequest(disk: SimulatedDisk, path: DevicePath, write: boolean, phase: 'issued' | 'completed', ok?: boolean): void;
  /** The first request through a new application-path device (one vary-on). */
  applicationSessionOpened(disk: SimulatedDisk): void;
}

/**
 * Nesting: the application path reaches the disk through the mirroring target's own device (its tracked
 * view of the replication device), synchronously. While an application call is being forwarded the inner
 * replication wrapper passes it through unobserved, so an application request is never taken for replication.
 */
let applicationCallDepth = 0;

export class ObservedDevice implements BlockDevice {
  private opened = false;

  constructor(
    private readonly inner: BlockDevice,
    private readonly disk: SimulatedDisk,
    private readonly path: DevicePath,
    private readonly observer: PathObserver,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  get pageCount(): number {
    return this.inner.pageCount;
  }

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    this.forward(false, (wrapped) => this.inner.read(pageIndex, wrapped), done);
  }

  write(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void {
    this.forward(true, (wrapped) => this.inner.write(pageIndex, token, wrapped), done);
  }

  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void {
    this.forward(false, (wrapped) => this.inner.readRange(firstPage, pageCount, wrapped), done);
  }

  writeRange(firstPage: number, pageCount: number, content: RangeContent, done: (result: WriteResult) => void): void {
    this.forward(true, (wrapped) => this.inner.writeRange(firstPage, pageCount, content, wrapped), done);
  }

  private forward<R extends { readonly ok: boolean }>(
    write: boolean, call: (done: (result: R) => void) => void, done: (result: R) => void,
  ): void {
    if (this.path === 'replication' && applicationCallDepth > 0) return call(done);
    if (this.path === 'application' && !this.opened) {
      this.opened = true;
      this.observer.applicationSessionOpened(this.disk);
    }
    this.observer.pathRequest(this.disk, this.path, write, 'issued');
    // Not a `const` closure: run through tsx (esbuild keepNames), each one made gets its name defined, per request.
    if (this.path === 'replication') return call((result) => this.completed(write, result, done));
    applicationCallDepth += 1;
    try {
      call((result) => this.completed(write, result, done));
    } finally {
      applicationCallDepth -= 1;
    }
  }

  private completed<R extends { readonly ok: boolean }>(write: boolean, result: R, done: (result: R) => void): void {
    this.observer.pathRequest(this.disk, this.path, write, 'completed', result.ok);
    done(result);
  }
}
