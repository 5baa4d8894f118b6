// A block device that counts the requests issued through it and not yet completed, so a vary-off can wait
// until every operation the store issued to a copy has completed (none may land after a reattach).

import { assert } from '../assert.js';
import type {
  BlockDevice, ContentToken, RangeContent, RangeReadResult, ReadResult, WriteResult,
} from '../ports/block-device.js';

/** Bound on requests outstanding through one vary-on (the workload stays far below). */
export const MAX_IN_FLIGHT = 1 << 20;

export class InFlightDevice implements BlockDevice {
  private outstanding = 0;
  private readonly drained: (() => void)[] = [];

  constructor(readonly device: BlockDevice) {}

  get name(): string {
    return this.device.name;
  }

  get pageCount(): number {
    return this.device.pageCount;
  }

  get inFlight(): number {
    return this.outstanding;
  }

  /** Calls `done` once no request is outstanding (at once when none is). */
  whenDrained(done: () => void): void {
    if (this.outstanding === 0) return done();
    assert(this.drained.length < MAX_IN_FLIGHT, 'too many vary-offs waiting for one copy');
    this.drained.push(done);
  }

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    this.device.read(pageIndex, this.track(done));
  }

  write(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void {
    this.device.write(pageIndex, token, this.track(done));
  }

  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void {
    this.device.readRange(firstPage, pageCount, this.track(done));
  }

  writeRange(firstPage: number, pageCount: number, content: RangeContent, done: (result: WriteResult) => void): void {
    this.device.writeRange(firstPage, pageCount, content, this.track(done));
  }

  private track<Result>(done: (result: Result) => void): (result: Result) => void {
    assert(this.outstanding < MAX_IN_FLIGHT, 'too many requests outstanding on a varied-on copy');
    this.outstanding += 1;
    let called = false;
    return (result) => {
      assert(!called, 'a request completed twice');
      called = true;
      this.outstanding -= 1;
      assert(this.outstanding >= 0, 'more requests completed than issued');
      // The caller's continuation runs first: what it issues in turn is waited for too.
      done(result);
      if (this.outstanding > 0) return;
      const waiting = this.drained.splice(0, this.drained.length);
      for (const callback of waiting) callback();
    };
  }
}
