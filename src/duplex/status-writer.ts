// Persists one copy's status entry on one device with at most one write of it outstanding: the block device
// promises no order among outstanding requests, so two writes of page 0 in flight at once could land oldest
// last and leave flags on disk that the volume no longer holds in memory. A newer entry waits for the write
// in flight and supersedes any entry still waiting (only the latest matters); each caller hears the outcome
// of the write that carried its entry or a later one.

import { assert } from '../assert.js';
import type { BlockDevice } from '../ports/block-device.js';
import { STATUS_PAGE, type StatusEntry, encodeStatus } from './status-entry.js';

/** Bound on callers waiting for one status write (the volume issues a handful at a time). */
export const MAX_STATUS_WAITERS = 1 << 16;

interface Waiting {
  entry: StatusEntry;
  readonly dones: ((ok: boolean) => void)[];
}

export class StatusWriter {
  private writing = false;
  private waiting: Waiting | undefined;

  constructor(
    readonly device: BlockDevice,
    private readonly attempts: number,
  ) {
    assert(Number.isSafeInteger(attempts), 'status write attempts is an integer', attempts);
    assert(attempts >= 1, 'a status write is attempted at least once', attempts);
  }

  /** Persists `entry` once no earlier write of this status page is outstanding; `done` when it lands (or fails). */
  write(entry: StatusEntry, done: (ok: boolean) => void): void {
    if (!this.writing) return this.start(entry, [done]);
    if (this.waiting === undefined) this.waiting = { entry, dones: [] };
    this.waiting.entry = entry;
    assert(this.waiting.dones.length < MAX_STATUS_WAITERS, 'too many callers waiting for a status write');
    this.waiting.dones.push(done);
  }

  get busy(): boolean {
    return this.writing;
  }

  private start(entry: StatusEntry, dones: ((ok: boolean) => void)[]): void {
    assert(!this.writing, 'a second status write started while one is outstanding', this.device.name);
    this.writing = true;
    const token = encodeStatus(entry);
    const attempt = (tries: number): void => {
      this.device.write(STATUS_PAGE, token, (result) => {
        if (!result.ok && result.error === 'ioError' && tries + 1 < this.attempts) return attempt(tries + 1);
        assert(this.writing, 'a status write completed that was not outstanding', this.device.name);
        this.writing = false;
        const next = this.waiting;
        this.waiting = undefined;
        if (next !== undefined) this.start(next.entry, next.dones);
        for (const done of dones) done(result.ok);
      });
    };
    attempt(0);
  }
}
