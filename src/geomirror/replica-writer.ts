// The mirror target's data path: lands replicated writes and synchronisation ranges on the mirror copy in
// per-page arrival order (the disk promises no completion order), retries transient errors, and acknowledges
// cumulatively only what has really landed; a write that cannot land is reported, never acknowledged.

import { assert, assertIndex, assertSafeCount } from '../assert.js';
import type { BlockDevice, RangeContent, WriteResult } from '../ports/block-device.js';
import type { Timer } from '../ports/timer.js';
import type { MirrorMessage } from './mirror-messages.js';
import { PageOrder } from './page-order.js';

/** Tries of one write before it counts as failed (transient errors only; a failed device is not retried). */
export const REPLICA_WRITE_ATTEMPTS = 4;
export const REPLICA_RETRY_DELAY_US = 1_000;
/** Bound on replicated writes received and not yet landed (the source's unacknowledged bound is below). */
export const MAX_LANDING_WRITES = 1 << 22;
/** Bound on failed writes the source has not yet forgotten (it suspends at the first one it hears of). */
export const MAX_FAILED_WRITES = 1 << 16;

type Issue = (done: (result: WriteResult) => void) => void;

export class ReplicaWriter {
  private readonly order = new PageOrder();
  /** Highest sequence number received: lower or equal ones are resends. */
  private receivedSeq = 0;
  /** Received and neither landed nor failed yet, ascending (the channel delivers in order). */
  private readonly landing: number[] = [];
  /** Writes that could not land and that the source has not yet forgotten, ascending. */
  private failedSeqs: number[] = [];
  /** The last cumulative acknowledgement sent. */
  private acknowledgedSeq = 0;
  private stopped = false;

  constructor(
    private readonly device: BlockDevice,
    private readonly timer: Timer,
    private readonly send: (message: MirrorMessage) => void,
    /** A write could not land: the copy is no longer in step. */
    private readonly outOfStep: () => void,
  ) {}

  /** False while a write that could not land is not yet forgotten by the source: the copy lacks it. */
  get holdsEveryWrite(): boolean {
    return this.failedSeqs.length === 0;
  }

  /**
   * Calls `done` once no replicated write or synchronisation range is on its way to the copy any more (waiting
   * for its page, being retried, or issued to the disk): from then on replication no longer changes the copy,
   * unless a new message arrives. A promotion must wait for it, or a range still landing changes the new
   * production copy under its applications.
   */
  whenIdle(done: () => void): void {
    this.order.whenIdle(done);
  }

  /** The target stopped (role switch): completions still arriving change nothing more. */
  stop(): void {
    this.stopped = true;
  }

  write(seq: number, pageIndex: number, token: number): void {
    assertSafeCount(seq, 'replicated write sequence number');
    // A resend (the acknowledgement or the failure report may have been lost): answer again.
    if (seq <= this.receivedSeq) return this.answerResend();
    assertIndex(pageIndex, this.device.pageCount, 'replicated page');
    assert(this.landing.length < MAX_LANDING_WRITES, 'too many replicated writes landing');
    this.receivedSeq = seq;
    this.landing.push(seq);
    this.order.run(pageIndex, 1, (finished) => {
      // Stopped while it waited for its page (a role switch): the copy is no longer a mirror; leave it be.
      if (this.stopped) return finished();
      this.attempt((done) => this.device.write(pageIndex, token, done), 1, (ok) => {
        finished();
        this.settled(seq, ok);
      });
    });
  }

  /** A synchronisation range, ordered after every earlier write to its pages; acknowledged with its outcome. */
  writeRange(step: number, firstPage: number, pageCount: number, content: RangeContent): void {
    assertIndex(firstPage, this.device.pageCount, 'first page of a sync range');
    assert(firstPage + pageCount <= this.device.pageCount, 'a sync range ends inside the copy');
    this.order.run(firstPage, pageCount, (finished) => {
      if (this.stopped) return finished();
      this.device.writeRange(firstPage, pageCount, content, (result) => {
        finished();
        if (!this.stopped) this.send({ kind: 'syncAck', step, ok: result.ok });
      });
    });
  }

  /** The source no longer waits for writes up to `seq`: failures among them no longer hold acknowledgements. */
  forgotten(seq: number): void {
    assertSafeCount(seq, 'forgotten sequence number');
    this.failedSeqs = this.failedSeqs.filter((failed) => failed > seq);
    this.acknowledgeLanded();
  }

  private attempt(issue: Issue, attemptNumber: number, settle: (ok: boolean) => void): void {
    assert(attemptNumber <= REPLICA_WRITE_ATTEMPTS, 'a replicated write tried too often', attemptNumber);
    // A retry due after a stop (a promotion waits for replication to go idle) no longer writes the copy.
    if (this.stopped) return settle(false);
    issue((result) => {
      if (result.ok) return settle(true);
      const retry = result.error === 'ioError' && attemptNumber < REPLICA_WRITE_ATTEMPTS && !this.stopped;
      if (!retry) return settle(false);
      this.timer.after(REPLICA_RETRY_DELAY_US, () => this.attempt(issue, attemptNumber + 1, settle));
    });
  }

  private settled(seq: number, ok: boolean): void {
    const index = this.landing.indexOf(seq);
    assert(index >= 0, 'a replicated write settled that was not landing', seq);
    this.landing.splice(index, 1);
    if (!ok) {
      assert(this.failedSeqs.length < MAX_FAILED_WRITES, 'too many failed replicated writes');
      this.failedSeqs.push(seq);
      this.failedSeqs.sort((a, b) => a - b);
      this.outOfStep();
      if (!this.stopped) this.send({ kind: 'writeFailed', seq });
    }
    this.acknowledgeLanded();
  }

  /** Everything below the oldest write still landing, and below the oldest unforgotten failure, has landed. */
  private landedSeq(): number {
    const belowLanding = this.landing.length > 0 ? this.landing[0] - 1 : this.receivedSeq;
    const belowFailure = this.failedSeqs.length > 0 ? this.failedSeqs[0] - 1 : belowLanding;
    return Math.min(belowLanding, belowFailure);
  }

  private acknowledgeLanded(): void {
    const landedSeq = this.landedSeq();
    if (landedSeq <= this.acknowledgedSeq || this.stopped) return;
    this.acknowledgedSeq = landedSeq;
    this.send({ kind: 'ack', seq: landedSeq });
  }

  private answerResend(): void {
    if (this.stopped) return;
    if (this.acknowledgedSeq > 0) this.send({ kind: 'ack', seq: this.acknowledgedSeq });
    // The oldest failure is enough: the source gives up on every write it still waits for at the first.
    if (this.failedSeqs.length > 0) this.send({ kind: 'writeFailed', seq: this.failedSeqs[0] });
  }
}
