// One page of persisted state (a mirror side's state record on its SYSASP), written so that an older value
// never lands over a newer one: the device completes outstanding writes in any order, so at most one is
// outstanding and the newest value asked for is written when it completes. Transient errors are retried.

import { assert, assertIndex, assertSafeCount } from '../assert.js';
import type { BlockDevice, ContentToken } from '../ports/block-device.js';
import type { Timer } from '../ports/timer.js';

/** Tries of one value before its waiters hear it failed (a failed device is not retried). */
export const STATE_PAGE_WRITE_ATTEMPTS = 4;
export const STATE_PAGE_RETRY_DELAY_US = 1_000;
/** Bound on callers waiting for a value to land (each waits for one state change). */
const WAITER_LIMIT = 1 << 16;

interface Waiter {
  readonly version: number;
  readonly done: (landed: boolean) => void;
}

export class StatePage {
  /** The newest value asked for, and its version (one per `set`). */
  private wanted: ContentToken = 0;
  private wantedVersion = 0;
  /** Version of the newest value known on the page (landed), or of a value given up on. */
  private settledVersion = 0;
  private writing = false;
  private attempts = 0;
  private stopped = false;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly device: BlockDevice,
    readonly pageIndex: number,
    private readonly timer: Timer,
  ) {
    assertIndex(pageIndex, device.pageCount, 'state page');
  }

  /** The value last asked for (what the page will hold once every write settled). */
  get value(): ContentToken {
    return this.wanted;
  }

  /** The system stopped (a crash ends everything anyway; a role switch retires this side). */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Asks for `token` on the page; `done(true)` once it (or a newer value) landed, `done(false)` if it was given
   * up on (errors past the retries, or stopped). Every call is written (again), so every `done` is called.
   */
  set(token: ContentToken, done?: (landed: boolean) => void): void {
    assertSafeCount(token, 'state page token');
    this.wanted = token;
    this.wantedVersion += 1;
    assertSafeCount(this.wantedVersion, 'state page version');
    this.attempts = 0;
    if (done !== undefined) {
      assert(this.waiters.length < WAITER_LIMIT, 'too many waiters on a state page');
      this.waiters.push({ version: this.wantedVersion, done });
    }
    this.writeNext();
  }

  private writeNext(): void {
    if (this.writing || this.settledVersion === this.wantedVersion) return;
    if (this.stopped) return this.settle(this.wantedVersion, false);
    this.writing = true;
    const version = this.wantedVersion;
    this.attempts += 1;
    this.device.write(this.pageIndex, this.wanted, (result) => {
      this.writing = false;
      if (result.ok) return this.settle(version, true);
      // A newer value supersedes the failed one: write it (the failed write changed nothing).
      if (version !== this.wantedVersion) return this.writeNext();
      const retry = result.error === 'ioError' && this.attempts < STATE_PAGE_WRITE_ATTEMPTS && !this.stopped;
      if (!retry) return this.settle(version, false);
      this.timer.after(STATE_PAGE_RETRY_DELAY_US, () => this.writeNext());
    });
  }

  private settle(version: number, landed: boolean): void {
    assert(version <= this.wantedVersion, 'a state page settled a version never asked for', version);
    this.settledVersion = Math.max(this.settledVersion, version);
    // Each waiter asked for a version at most the one settled: it landed (or was given up on) with it.
    const ready = this.waiters.filter((waiter) => waiter.version <= version);
    if (ready.length > 0) {
      const rest = this.waiters.filter((waiter) => waiter.version > version);
      this.waiters.length = 0;
      this.waiters.push(...rest);
      for (const waiter of ready) waiter.done(landed);
    }
    this.writeNext();
  }
}
