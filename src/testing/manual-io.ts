// In-memory ports for millisecond tests of src/ components: block devices whose completions wait in one
// queue until the test delivers them (first in first out, last first, or step by step), and a manual timer.
// A page changes when its write completes, so a test can crash the world with writes still outstanding.

import type {
  BlockDevice, ContentToken, IoError, RangeContent, RangeReadResult, ReadResult, WriteResult,
} from '../ports/block-device.js';
import type { Timer } from '../ports/timer.js';

export interface PendingOperation {
  readonly device: string;
  readonly kind: 'read' | 'write' | 'readRange' | 'writeRange';
  readonly firstPage: number;
  readonly pageCount: number;
  /** Applies the operation's effect and calls its completion. */
  readonly complete: () => void;
}

type Hold = (operation: PendingOperation) => boolean;

/** Bound on completions delivered by one `settle`: a test that loops forever fails instead of hanging. */
const SETTLE_STEP_LIMIT = 1_000_000;

interface Scheduled {
  readonly atUs: number;
  readonly sequence: number;
  readonly callback: () => void;
}

export class ManualWorld implements Timer {
  readonly pending: PendingOperation[] = [];
  private timeUs = 0;
  private timers: Scheduled[] = [];
  private timerSequence = 0;

  nowUs(): number {
    return this.timeUs;
  }

  after(delayUs: number, callback: () => void): () => void {
    const entry = { atUs: this.timeUs + delayUs, sequence: (this.timerSequence += 1), callback };
    this.timers.push(entry);
    return () => {
      this.timers = this.timers.filter((timer) => timer !== entry);
    };
  }

  /**
   * Delivers one pending completion: the oldest by default, or the newest with `order` 'lifo'. Operations
   * matching `hold` wait while any other is pending (the port promises no order among outstanding requests).
   */
  step(order: 'fifo' | 'lifo' = 'fifo', hold: Hold = () => false): boolean {
    if (this.pending.length === 0) return this.fireNextTimer();
    const candidates = this.pending.map((_, index) => index).filter((index) => !hold(this.pending[index]));
    const choices = candidates.length > 0 ? candidates : this.pending.map((_, index) => index);
    const index = order === 'fifo' ? choices[0] : choices[choices.length - 1];
    const [operation] = this.pending.splice(index, 1);
    operation.complete();
    return true;
  }

  /** Delivers completions (and then timers) until nothing is left, or `until` holds before a step. */
  settle(order: 'fifo' | 'lifo' = 'fifo', until: () => boolean = () => false, hold?: Hold): boolean {
    for (let steps = 0; steps < SETTLE_STEP_LIMIT; steps += 1) {
      if (until()) return true;
      if (!this.step(order, hold)) return false;
    }
    throw new Error(`settle did not finish within ${SETTLE_STEP_LIMIT} steps`);
  }

  /** Power loss: every outstanding operation is lost (its write does not land) and no timer fires. */
  crash(): void {
    this.pending.length = 0;
    this.timers = [];
  }

  /** Fires the earliest timer (advancing the clock to it), even while completions are pending; false if none. */
  fireNextTimer(): boolean {
    if (this.timers.length === 0) return false;
    const earlier = (a: Scheduled, b: Scheduled): boolean =>
      a.atUs < b.atUs || (a.atUs === b.atUs && a.sequence < b.sequence);
    const next = this.timers.reduce((best, timer) => (earlier(timer, best) ? timer : best));
    this.timers = this.timers.filter((timer) => timer !== next);
    this.timeUs = Math.max(this.timeUs, next.atUs);
    next.callback();
    return true;
  }
}

type Finish = (error: IoError | undefined) => void;

export class MemoryBlockDevice implements BlockDevice {
  readonly pages = new Map<number, ContentToken>();
  /** A failed device answers every request with `deviceFailed`. */
  failed = false;
  /** The next this many requests fail with a transient `ioError`. */
  ioErrorsLeft = 0;

  constructor(
    private readonly world: ManualWorld,
    readonly name: string,
    readonly pageCount: number,
  ) {}

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    this.queue('read', pageIndex, 1, (error) => {
      done(error ? { ok: false, error } : { ok: true, token: this.pages.get(pageIndex) ?? 0 });
    });
  }

  write(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void {
    this.queue('write', pageIndex, 1, (error) => {
      if (error) return done({ ok: false, error });
      this.pages.set(pageIndex, token);
      done({ ok: true });
    });
  }

  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void {
    this.queue('readRange', firstPage, pageCount, (error) => {
      done(error ? { ok: false, error } : { ok: true, content: this.content(firstPage, pageCount) });
    });
  }

  writeRange(firstPage: number, pageCount: number, content: RangeContent, done: (result: WriteResult) => void): void {
    this.queue('writeRange', firstPage, pageCount, (error) => {
      if (error) return done({ ok: false, error });
      for (let page = firstPage; page < firstPage + pageCount; page += 1) this.pages.delete(page);
      for (const [page, token] of content) this.pages.set(page, token);
      done({ ok: true });
    });
  }

  /** Pages holding data, in page order (for comparing two copies). */
  content(firstPage = 0, pageCount = this.pageCount): RangeContent {
    const inside = [...this.pages].filter(([page]) => page >= firstPage && page < firstPage + pageCount);
    return inside.sort((a, b) => a[0] - b[0]);
  }

  private queue(kind: PendingOperation['kind'], firstPage: number, pageCount: number, finish: Finish): void {
    if (firstPage < 0 || firstPage + pageCount > this.pageCount) {
      throw new Error(`${this.name}: ${kind} of pages ${firstPage}+${pageCount} beyond ${this.pageCount}`);
    }
    const complete = (): void => {
      if (this.failed) return finish('deviceFailed');
      if (this.ioErrorsLeft > 0) {
        this.ioErrorsLeft -= 1;
        return finish('ioError');
      }
      finish(undefined);
    };
    this.world.pending.push({ device: this.name, kind, firstPage, pageCount, complete });
  }
}
