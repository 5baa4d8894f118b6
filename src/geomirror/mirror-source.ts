// The production side of geographic mirroring (DESIGN 4.3). It is the block device the production system's
// single-level store writes through: each write lands on the production copy and, while mirroring is active
// or synchronising, is sent to the target. It suspends after a link loss longer than the suspend timeout,
// tracks changes while suspended or detached, and synchronises online region by region under a gate, with
// a checkpoint persisted in the SYSASP so a synchronisation resumes after a crash.

import { assert, assertIndex, assertSafeCount } from '../assert.js';
import type { BlockDevice, RangeContent, RangeReadResult, ReadResult, WriteResult } from '../ports/block-device.js';
import type { Channel } from '../ports/channel.js';
import type { Timer } from '../ports/timer.js';
import { RegionGate } from '../duplex/region-gate.js';
import { SYSASP_MIRROR_STATE_PAGE } from '../sls/iasp-layout.js';
import { ChangeTracker } from './change-tracker.js';
import { DetachHold } from './detach-hold.js';
import type { MirrorMessage } from './mirror-messages.js';
import { messageBytes } from './mirror-messages.js';
import type { MirrorObserver, SourceState } from './mirror-observer.js';
import type { MirrorPolicy } from './mirror-policy.js';
import { PageOrder } from './page-order.js';
import { StatePage } from './state-page.js';

export interface MirrorConfig {
  readonly mode: 'sync' | 'async';
  readonly suspendTimeoutUs: number;
  readonly tracking: boolean;
  readonly trackingPageLimit: number;
  readonly regionPages: number;
  readonly pauseBetweenRegionsUs: number;
  /** Resume by itself when the link comes back after a suspend. */
  readonly autoResume: boolean;
}

const STATE_CODES: Record<SourceState, number> = { active: 1, suspended: 2, detached: 3, synchronizing: 4 };
const STATES_BY_CODE: Record<number, SourceState> = { 1: 'active', 2: 'suspended', 3: 'detached', 4: 'synchronizing' };
/** Bound on replicated writes not yet acknowledged (a suspend clears them; the workload stays far below). */
export const MAX_UNACKNOWLEDGED = 1 << 22;
/** Tries of one production write before its error is the application's (transient errors only). */
export const LOCAL_WRITE_ATTEMPTS = 4;
export const LOCAL_RETRY_DELAY_US = 1_000;
/** After the target reported a write it could not land, how long before an automatic resume is tried. */
export const RESUME_AFTER_TARGET_FAILURE_US = 1_000_000;
/** How a write completes once the peer holds production (see `abandon`): never acknowledged. */
const NOT_MIRRORED: WriteResult = { ok: false, error: 'ioError' };

/** For each state, the states it may be entered from (DESIGN 4.3); `initial`: not yet started or restored. */
const SOURCE_TRANSITIONS: Readonly<Record<SourceState, readonly (SourceState | 'initial')[]>> = {
  active: ['initial', 'active', 'synchronizing'],
  detached: ['initial', 'active'],
  suspended: ['initial', 'active', 'synchronizing'],
  synchronizing: ['initial', 'active', 'suspended', 'detached', 'synchronizing'],
};

interface Unacknowledged {
  acknowledged: boolean;
  readonly pageIndex: number;
  readonly token: number;
  /** Synchronous mode: the application's completion, held until the target acknowledges. */
  done: ((result: WriteResult) => void) | undefined;
}

interface SyncRun {
  readonly full: boolean;
  /** Regions to copy, ascending. */
  readonly regions: readonly number[];
  index: number;
  step: number;
  /** A region is being gated or read; the next step starts only after it. */
  busy: boolean;
  awaiting: { readonly firstPage: number; readonly endPage: number; readonly content: RangeContent } | undefined;
}

export class MirrorSource implements BlockDevice {
  state: SourceState = 'active';
  private tracker: ChangeTracker;
  /** The persisted state (and a full synchronisation's checkpoint) on the SYSASP. */
  private readonly statePage: StatePage;
  private readonly gate = new RegionGate();
  private readonly unacknowledged = new Map<number, Unacknowledged>();
  /**
   * Sequence numbers grow across restarts too: each incarnation starts at 1,024 per microsecond of the
   * clock, so a new source never reuses a number the target has already applied.
   */
  private nextSeq: number;
  private suspendTimerCancel: (() => void) | undefined;
  private sync: SyncRun | undefined;
  private nextStep = 1;
  private reattachPending = false;
  /** Writes issued to the production copy and not yet completed by it. */
  private localWritesInFlight = 0;
  /** The production disk promises no order: each page's writes are issued (and replicated) one after another. */
  private readonly localOrder = new PageOrder();
  /** Every write up to this sequence number is no longer awaited (suspended or reported failed): tracked. */
  private forgottenSeq: number;
  private stopped = false;
  /** The peer holds production (see `abandon`): every write completes as not mirrored. */
  private abandoned = false;
  /** False until started fresh or restored from the SYSASP: `state` means nothing before. */
  private started = false;
  /** Numbers the source-state messages; grows across restarts as `nextSeq` does. */
  private nextNotice: number;
  /** Synchronous writes made while detached complete once the target knows of the detach. */
  private readonly detachHold: DetachHold;

  constructor(
    private readonly local: BlockDevice,
    private readonly sysasp: BlockDevice,
    private readonly channel: Channel<MirrorMessage>,
    private readonly timer: Timer,
    private readonly config: MirrorConfig,
    private readonly policy: MirrorPolicy,
    private readonly observer: MirrorObserver,
  ) {
    this.tracker = new ChangeTracker(config.trackingPageLimit, policy.lossyTracking);
    this.statePage = new StatePage(sysasp, SYSASP_MIRROR_STATE_PAGE, timer);
    this.nextSeq = timer.nowUs() * 1024 + 1;
    assertSafeCount(this.nextSeq, 'first sequence number');
    // Every write of an earlier incarnation is no longer awaited: a failure the target still holds against one
    // of them must not hold back this incarnation's acknowledgements (said at each connection, below).
    this.forgottenSeq = this.nextSeq - 1;
    this.nextNotice = this.nextSeq;
    this.detachHold = new DetachHold(timer, config.suspendTimeoutUs, () => this.channel.connected);
    assert(config.regionPages > 0, 'a synchronisation region has pages', config.regionPages);
    assertSafeCount(config.trackingPageLimit, 'tracking page limit');
    channel.onMessage((message) => !this.stopped && this.receive(message));
    channel.onConnection((up) => !this.stopped && this.connectionChanged(up));
  }

  get name(): string {
    return this.local.name;
  }

  get pageCount(): number {
    return this.local.pageCount;
  }

  private get regionCount(): number {
    return Math.ceil(this.local.pageCount / this.config.regionPages);
  }

  /**
   * Active, connected, every replicated write acknowledged by the target and completed on the production
   * copy too: the copies are in step (a switchover may proceed). A write the production disk still holds
   * in its queue has reached the target but not production: the copies are not yet equal.
   */
  get inStep(): boolean {
    return this.started && this.state === 'active' && this.channel.connected && this.unacknowledged.size === 0 && this.localWritesInFlight === 0;
  }

  /** Stops reacting (the system crashed, or roles were switched): volatile state is gone. */
  stop(): void {
    this.stopped = true;
    this.suspendTimerCancel?.();
    this.detachHold.stop();
  }

  /**
   * The peer holds production now (this system is demoted): nothing is replicated any more and the target will
   * never acknowledge. Not a crash: as a block device this source still completes every request once, so
   * a vary-off waiting for the store's requests (or a vary-on under way) ends. Each write held for the target's
   * acknowledgement, still in flight, or issued from now on reports a failure: this copy is no longer
   * production and the new production will overwrite it, so none of them may count as acknowledged.
   */
  abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    this.stop();
    this.sync = undefined;
    this.gate.open();
    const held: ((result: WriteResult) => void)[] = [];
    for (const entry of this.unacknowledged.values()) {
      entry.acknowledged = true;
      if (entry.done !== undefined) held.push(entry.done);
      entry.done = undefined;
    }
    this.unacknowledged.clear();
    // Later, not inside the caller's role change.
    for (const done of held) this.timer.after(0, () => done(NOT_MIRRORED));
  }

  /** Mirroring starts on copies known identical (a fresh configuration): active at once. */
  startActive(): void {
    this.setState('active', 'mirroring configured');
  }

  /** Mirroring starts on a copy that must be brought in line: a full synchronisation. */
  startWithFullSync(reason: string): void {
    this.startSync(true, [], 0, reason);
  }

  /** The operator put the target copy on a new, blank disk: nothing tracked so far describes it any more. */
  targetCopyReplaced(): void {
    this.tracker.invalidate();
    if (this.state === 'active' || this.state === 'synchronizing') this.startWithFullSync('the target copy is on a new disk');
  }

  /**
   * The target system says its mirror target was just rebuilt (its IPL, a new disk, a demotion): whatever was
   * in flight to it was lost and its copy may miss writes. Every unacknowledged write is sent again, and a
   * running mirror synchronises in full; otherwise the tracking no longer describes the copy.
   */
  targetRestarted(reason: string): void {
    this.tracker.invalidate();
    // Detached: the writes sent before the detach went to the target that restarted, and no acknowledgement
    // of theirs will come; nor are they sent again (they would land on the detached copy). Given up on.
    if (this.state === 'detached') this.forgetInFlightToDetached();
    if (this.state !== 'active' && this.state !== 'synchronizing') return;
    // A region step awaiting an acknowledgement that will never come: released, then planned again.
    this.sync = undefined;
    this.gate.open();
    // Connected: say it all again now; otherwise the coming reconnection does.
    if (this.channel.connected) this.connectionChanged(true);
    this.startWithFullSync(reason);
  }

  /** After an IPL: picks up from the persisted state. Tracking was volatile, so it is lost. */
  restore(done: () => void): void {
    this.sysasp.read(SYSASP_MIRROR_STATE_PAGE, (read) => {
      const token = read.ok ? read.token : 0;
      // Paired with persistState: a never-written page (0) or a token it wrote.
      assertSafeCount(token, 'mirror state token read');
      assert(token === 0 || STATES_BY_CODE[token % 8] !== undefined, 'the SYSASP holds a mirror state', token);
      const state = STATES_BY_CODE[token % 8] ?? 'active';
      const checkpoint = Math.floor(token / 16);
      assertIndex(checkpoint, this.regionCount + 1, 'mirror checkpoint read');
      const full = Math.floor(token / 8) % 2 === 1;
      this.tracker.invalidate();
      if (state === 'detached' || state === 'suspended') {
        this.setState(state, 'restored after IPL (tracking lost)');
        if (state === 'suspended' && this.config.autoResume && this.channel.connected) this.resume();
      }
      // Active or synchronising at the crash: writes in flight may have reached one copy only, on any page,
      // including regions below the checkpoint, so synchronise in full. (The checkpoint still lets a
      // synchronisation interrupted by a link suspend resume where it left off.)
      else this.startSync(true, [], 0, `writes in flight at the crash may differ (was ${state}${full ? `, checkpoint region ${checkpoint}` : ''})`);
      done();
    });
  }

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    this.local.read(pageIndex, done);
  }

  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void {
    this.local.readRange(firstPage, pageCount, done);
  }

  writeRange(): void {
    assert(false, 'the mirrored device takes page writes only');
  }

  write(pageIndex: number, token: number, done: (result: WriteResult) => void): void {
    if (this.abandoned) return void this.timer.after(0, () => done(NOT_MIRRORED));
    this.gate.admitWrite(pageIndex, () => this.writeNow(pageIndex, token, done));
  }

  private writeNow(pageIndex: number, token: number, done: (result: WriteResult) => void): void {
    assertIndex(pageIndex, this.local.pageCount, 'mirrored page written');
    // A write the gate held until `abandon` opened it.
    if (this.abandoned) return void this.timer.after(0, () => done(NOT_MIRRORED));
    assert(!this.stopped, 'a stopped mirror source was written');
    this.gate.writeStarted(pageIndex);
    this.localWritesInFlight += 1;
    // Issued (and replicated) only once the previous write to this page completed on the production copy, so
    // that both copies see each page's versions in the same order whatever order the disks complete in.
    this.localOrder.run(pageIndex, 1, (finished) => this.issueWrite(pageIndex, token, done, finished));
  }

  private issueWrite(
    pageIndex: number, token: number, done: (result: WriteResult) => void, finished: () => void,
  ): void {
    // Defence in depth (stopped): a stopped source's side is retired and sends nothing.
    if (this.abandoned) {
      // It waited for an earlier write to its page: this copy is no longer production's, so it is not written.
      this.localWritesInFlight -= 1;
      this.gate.writeFinished(pageIndex);
      finished();
      return done(NOT_MIRRORED);
    }
    const replicate = !this.stopped && this.replicating;
    if (!replicate) this.tracker.record(pageIndex);
    const waitForMirror = replicate && this.config.mode === 'sync' && !this.policy.acknowledgeBeforeMirror;
    const entry = replicate ? this.replicate(pageIndex, token) : undefined;
    this.writeLocal(pageIndex, token, 1, (result) => {
      if (result.ok || entry === undefined) {
        return this.localWriteDone(pageIndex, result, entry, waitForMirror, done, finished);
      }
      // The target was sent a version production does not hold (a write that failed changed no page): send it
      // production's own content of the page again, still ahead of any later write to it, so the copies agree.
      this.local.read(pageIndex, (read) => {
        if (read.ok && !this.stopped && this.replicating) this.replicate(pageIndex, read.token);
        else this.tracker.record(pageIndex);
        this.localWriteDone(pageIndex, result, entry, waitForMirror, done, finished);
      });
    });
  }

  /**
   * A production write finished on the local copy. A method, not a `const` closure made per write: run through
   * tsx (esbuild keepNames), each such closure gets its name defined as it is made.
   */
  private localWriteDone(
    pageIndex: number, result: WriteResult, entry: Unacknowledged | undefined, waitForMirror: boolean,
    done: (result: WriteResult) => void, finished: () => void,
  ): void {
    this.localWritesInFlight -= 1;
    assert(this.localWritesInFlight >= 0, 'a production write completed twice', pageIndex);
    this.gate.writeFinished(pageIndex);
    finished();
    if (this.abandoned) return done(result.ok ? NOT_MIRRORED : result);
    // Not replicated, the target unaware yet of the detach: acknowledged once it knows (see DetachHold).
    const held = result.ok && entry === undefined && this.detachHold.holding;
    if (held) return this.detachHold.hold(() => done(result));
    if (!result.ok || !waitForMirror || entry === undefined || entry.acknowledged) return done(result);
    // Synchronous mode: complete when the target acknowledges (or mirroring suspends).
    entry.done = done;
  }

  private get replicating(): boolean {
    return this.state === 'active' || this.state === 'synchronizing';
  }

  /** Sends one page write to the target; it is awaited until acknowledged (or mirroring gives up on it). */
  private replicate(pageIndex: number, token: number): Unacknowledged {
    const seq = this.nextSeq;
    this.nextSeq += 1;
    assertSafeCount(this.nextSeq, 'next sequence number');
    assert(this.unacknowledged.size < MAX_UNACKNOWLEDGED, 'too many replicated writes unacknowledged');
    const entry: Unacknowledged = { acknowledged: false, pageIndex, token, done: undefined };
    this.unacknowledged.set(seq, entry);
    this.channel.send({ kind: 'write', seq, pageIndex, token }, 4160);
    return entry;
  }

  /** A production write, retried a bounded number of times on a transient error (the page is held meanwhile). */
  private writeLocal(
    pageIndex: number, token: number, attemptNumber: number, settle: (result: WriteResult) => void,
  ): void {
    assert(attemptNumber <= LOCAL_WRITE_ATTEMPTS, 'a production write tried too often', attemptNumber);
    this.local.write(pageIndex, token, (result) => {
      const retry = !result.ok && result.error === 'ioError' && attemptNumber < LOCAL_WRITE_ATTEMPTS && !this.stopped;
      if (!retry) return settle(result);
      this.timer.after(LOCAL_RETRY_DELAY_US, () => this.writeLocal(pageIndex, token, attemptNumber + 1, settle));
    });
  }

  /** Operator: detach the mirror copy for use on the target. Refused unless active and connected. */
  detach(track: boolean, assignRange: number | undefined): string | undefined {
    if (this.state !== 'active') return `mirroring is ${this.state}, not active`;
    if (!this.channel.connected) return 'the link is down';
    this.setState('detached', track ? 'detached with tracking' : 'detached without tracking');
    // Defence in depth: an untracked target answers the reattach "unknown", forcing a full sync.
    if (!track || !this.config.tracking) this.tracker.invalidate();
    else this.resetTracker();
    this.channel.send({ kind: 'detach', track: track && this.config.tracking, assignRange }, 64);
    return undefined;
  }

  /** Operator: reattach the detached copy; the target says what it changed, then synchronisation starts. */
  reattach(): string | undefined {
    if (this.state !== 'detached') return `mirroring is ${this.state}, not detached`;
    if (!this.channel.connected) return 'the link is down';
    this.reattachPending = true;
    this.channel.send({ kind: 'reattach' }, 64);
    return undefined;
  }

  /** Operator (or automatic): resume a suspended mirror with a partial or full synchronisation. */
  resume(): string | undefined {
    if (this.state !== 'suspended') return `mirroring is ${this.state}, not suspended`;
    if (!this.channel.connected) return 'the link is down';
    const tracked = this.tracker.usable ? this.tracker.sortedPages() : null;
    this.startSync(tracked === null, tracked ?? [], 0, tracked === null ? 'resume: tracking unusable, full synchronisation' : 'resume: partial synchronisation');
    return undefined;
  }

  private receive(message: MirrorMessage): void {
    switch (message.kind) {
      case 'ack':
        return this.acknowledge(message.seq);
      case 'writeFailed':
        return this.targetWriteFailed(message.seq);
      case 'syncAck':
        return this.syncAcknowledged(message.step, message.ok);
      case 'sourceStateSeen':
        return this.detachHold.seen(message.notice);
      case 'reattachReply': {
        // Defence in depth (pending): a reply answers only this incarnation's reattach (docs/guards.md).
        if (!this.reattachPending || this.state !== 'detached') return;
        this.reattachPending = false;
        if (message.refused) return this.observer.sourceState(this.state, 'reattach refused: the mirror copy is varied on');
        const ours = this.tracker.usable ? this.tracker.sortedPages() : null;
        if (ours === null || message.changedPages === null) return this.startSync(true, [], 0, 'reattach: full synchronisation');
        const union = [...new Set([...ours, ...message.changedPages])].sort((a, b) => a - b);
        return this.startSync(false, union, 0, 'reattach: partial synchronisation of both sides\' changes');
      }
      default:
        return;
    }
  }

  private acknowledge(seq: number): void {
    assertSafeCount(seq, 'acknowledged sequence number');
    assert(seq < this.nextSeq, 'the target acknowledged a write never sent', seq);
    // Cumulative: everything up to seq has landed on the target (the channel delivers in order).
    for (const [pending, entry] of this.unacknowledged) {
      if (pending > seq) break;
      this.unacknowledged.delete(pending);
      entry.acknowledged = true;
      entry.done?.({ ok: true });
    }
  }

  /**
   * The target could not land write `seq`: its copy lacks it, so it is not in step. Mirroring stops waiting
   * for the target (a synchronous write completes as production-only, its page tracked) and suspends, as for
   * a link loss (DESIGN 4.3); a resume synchronises the tracked pages.
   */
  private targetWriteFailed(seq: number): void {
    assertSafeCount(seq, 'failed sequence number');
    assert(seq < this.nextSeq, 'the target reported a write never sent', seq);
    if (!this.unacknowledged.has(seq)) {
      // A report repeated after this source already gave up on that write: say so again.
      // Defence in depth: every reconnection already says writesForgotten before any resend.
      if (seq <= this.forgottenSeq) this.channel.send({ kind: 'writesForgotten', seq: this.forgottenSeq }, 64);
      return;
    }
    const pageIndex = this.unacknowledged.get(seq)?.pageIndex;
    if (this.replicating) this.suspend(`the target could not write replicated page ${pageIndex}`);
    else this.forgetUnacknowledged();
    if (!this.config.autoResume) return;
    this.timer.after(RESUME_AFTER_TARGET_FAILURE_US, () => {
      if (!this.stopped && this.state === 'suspended' && this.channel.connected) this.resume();
    });
  }

  /** Stops waiting for every unacknowledged write: each completes production-only and its page is tracked. */
  private forgetUnacknowledged(): void {
    for (const entry of this.unacknowledged.values()) {
      this.tracker.record(entry.pageIndex);
      entry.acknowledged = true;
      entry.done?.({ ok: true });
    }
    this.unacknowledged.clear();
    this.forgottenSeq = this.nextSeq - 1;
    this.channel.send({ kind: 'writesForgotten', seq: this.forgottenSeq }, 64);
  }

  /**
   * Detached, with writes sent before the detach still unacknowledged, and the messages carrying them or their
   * acknowledgements lost (a link down, the target restarted): each completes production-only, its page
   * tracked, so the reattach synchronises it (swarm-scripted seeds 1048, 4796: one such write never completed,
   * and the vary-off waiting for it kept production's copy in use for the rest of the run).
   */
  private forgetInFlightToDetached(): void {
    if (this.unacknowledged.size > 0) this.forgetUnacknowledged();
  }

  private connectionChanged(up: boolean): void {
    if (!up) {
      if (this.state === 'detached') this.forgetInFlightToDetached();
      this.detachHold.linkDown();
      this.armSuspendTimer();
      return;
    }
    this.suspendTimerCancel?.();
    this.suspendTimerCancel = undefined;
    this.detachHold.linkUp();
    if (!this.started) return; // restore() decides what to do once the persisted state is read
    this.sendState();
    // In-flight messages were lost: say again which writes are no longer awaited (so that a failure among them
    // no longer holds the target's acknowledgements), whatever the state, before any write of this connection.
    if (this.forgottenSeq > 0) this.channel.send({ kind: 'writesForgotten', seq: this.forgottenSeq }, 64);
    if (this.state === 'active' || this.state === 'synchronizing') {
      // Then send again, in order, what the target has not acknowledged.
      for (const [seq, entry] of this.unacknowledged) this.channel.send({ kind: 'write', seq, pageIndex: entry.pageIndex, token: entry.token }, 4160);
      // A syncDone lost with the connection would leave the target out of step for good: said again.
      if (this.state === 'active') this.channel.send({ kind: 'syncDone' }, 64);
      if (this.sync?.awaiting !== undefined) this.sendSyncStep();
      else if (this.state === 'synchronizing') this.copyNextRegion();
    } else if (this.state === 'suspended' && this.config.autoResume) this.resume();
  }

  private suspend(reason = `link down longer than the suspend timeout (${this.config.suspendTimeoutUs} µs)`): void {
    const wasSync = this.sync;
    this.sync = undefined;
    this.gate.open();
    this.resetTracker();
    if (!this.config.tracking) this.tracker.invalidate();
    this.forgetUnacknowledged();
    if (wasSync !== undefined) {
      // What the interrupted synchronisation had still to copy must be copied at resume.
      // Invalidating is simplest: tracking each remaining region would do as well (and overflow).
      if (wasSync.full) this.tracker.invalidate();
      else for (let index = wasSync.index; index < wasSync.regions.length; index += 1) this.trackRegion(wasSync.regions[index]);
    }
    this.setState('suspended', reason);
  }

  private trackRegion(region: number): void {
    const first = region * this.config.regionPages;
    const end = Math.min(this.local.pageCount, first + this.config.regionPages);
    for (let page = first; page < end; page += 1) this.tracker.record(page);
  }

  private resetTracker(): void {
    this.tracker = new ChangeTracker(this.config.trackingPageLimit, this.policy.lossyTracking);
  }

  private startSync(full: boolean, pages: readonly number[], fromRegion: number, reason: string): void {
    const regionPages = this.config.regionPages;
    const regions: number[] = [];
    if (full) for (let region = fromRegion; region < this.regionCount; region += 1) regions.push(region);
    else for (const page of pages) {
      const region = Math.floor(page / regionPages);
      if (regions[regions.length - 1] !== region) regions.push(region);
    }
    // A plan copies each region once, in ascending order, inside the copy.
    for (let index = 1; index < regions.length; index += 1) {
      assert(regions[index - 1] < regions[index], 'sync plan not ascending', regions[index]);
    }
    if (regions.length > 0) assertIndex(regions[regions.length - 1], this.regionCount, 'last region of a sync plan');
    this.sync = { full, regions, index: 0, step: 0, busy: false, awaiting: undefined };
    this.resetTracker();
    this.setState('synchronizing', reason);
    this.observer.syncPlanned({ full, pages: full ? null : pages, fromRegion, regionCount: regions.length });
    this.channel.send({ kind: 'syncStarted', full }, 64);
    this.persistState(fromRegion);
    this.copyNextRegion();
  }

  private copyNextRegion(): void {
    const sync = this.sync;
    if (sync === undefined || this.state !== 'synchronizing' || sync.busy || sync.awaiting !== undefined) return;
    if (sync.index >= sync.regions.length) return this.finishSync();
    // Defence in depth: else the region is gated and read now, resent at the reconnection.
    if (!this.channel.connected) return; // resumes when the link is back, or suspends
    const region = sync.regions[sync.index];
    const firstPage = region * this.config.regionPages;
    const endPage = Math.min(this.local.pageCount, firstPage + this.config.regionPages);
    sync.busy = true;
    const read = (): void => {
      this.local.readRange(firstPage, endPage - firstPage, (result) => {
        if (this.sync !== sync) return;
        sync.busy = false;
        if (!result.ok) {
          if (this.policy.gateSyncRegions) this.gate.open();
          this.timer.after(1000, () => this.copyNextRegion());
          return;
        }
        sync.step = this.nextStep;
        this.nextStep += 1;
        sync.awaiting = { firstPage, endPage, content: result.content };
        this.sendSyncStep();
      });
    };
    if (this.policy.gateSyncRegions) this.gate.close(firstPage, endPage, () => this.sync === sync && read());
    else read();
  }

  private sendSyncStep(): void {
    const sync = this.sync;
    if (sync?.awaiting === undefined) return;
    const { firstPage, endPage, content } = sync.awaiting;
    const message: MirrorMessage = { kind: 'syncRange', step: sync.step, firstPage, pageCount: endPage - firstPage, content };
    this.channel.send(message, messageBytes(message));
  }

  private syncAcknowledged(step: number, ok: boolean): void {
    const sync = this.sync;
    // Defence in depth (the step): an ack comes only on the connection that carried its step.
    if (sync === undefined || sync.awaiting === undefined || step !== sync.step) return;
    sync.awaiting = undefined;
    if (this.policy.gateSyncRegions) this.gate.open();
    if (!ok) {
      this.timer.after(1000, () => this.copyNextRegion());
      return;
    }
    sync.index += 1;
    assert(sync.index <= sync.regions.length, 'a synchronisation copied past its plan', sync.index);
    this.observer.syncProgress(sync.index, sync.regions.length);
    // Not read back: restore() synchronises in full from region 0 (docs/guards.md).
    if (sync.full) this.persistState(sync.regions[sync.index - 1] + 1);
    const next = (): void => this.copyNextRegion();
    if (this.config.pauseBetweenRegionsUs > 0) this.timer.after(this.config.pauseBetweenRegionsUs, next);
    else next();
  }

  private finishSync(): void {
    this.sync = undefined;
    this.channel.send({ kind: 'syncDone' }, 64);
    this.setState('active', 'synchronisation complete');
    this.observer.syncCompleted();
  }

  /** Replicating with the link down: suspend if it stays down for the suspend timeout. */
  private armSuspendTimer(): void {
    if (!this.replicating || this.suspendTimerCancel !== undefined || this.stopped) return;
    this.suspendTimerCancel = this.timer.after(this.config.suspendTimeoutUs, () => {
      this.suspendTimerCancel = undefined;
      // Defence in depth (the check): the reconnection cancels this timer.
      if (!this.channel.connected) this.suspend();
    });
  }

  private setState(state: SourceState, reason: string): void {
    const from = this.started ? this.state : 'initial';
    if (!SOURCE_TRANSITIONS[state].includes(from)) assert(false, `mirroring may not go from ${from} to ${state}`);
    // The target answers the detached state before it answers a reattach: no write is held past it.
    assert(!this.detachHold.holding, 'mirroring left detached before the target confirmed it', state);
    // The first state of this incarnation, connected: the earlier incarnations' writes are said forgotten first.
    if (from === 'initial' && this.channel.connected) {
      this.channel.send({ kind: 'writesForgotten', seq: this.forgottenSeq }, 64);
    }
    this.started = true;
    this.state = state;
    this.observer.sourceState(state, reason);
    const notice = this.sendState();
    const synchronous = this.config.mode === 'sync' && !this.policy.acknowledgeBeforeMirror;
    if (state === 'detached' && synchronous) this.detachHold.start(notice);
    if (state !== 'synchronizing') this.persistState(0);
    // Started with the link already down (a failover whose old production is gone): no down notice will come.
    if (!this.channel.connected) this.armSuspendTimer();
  }

  /** Tells the target the state (lost if the link is down: the reconnection says it again); returns its notice. */
  private sendState(): number {
    const notice = this.nextNotice;
    this.nextNotice += 1;
    assertSafeCount(this.nextNotice, 'next source-state notice');
    this.channel.send({ kind: 'sourceState', state: this.state, notice }, 64);
    return notice;
  }

  private persistState(checkpointRegion: number): void {
    const full = this.state === 'synchronizing' && this.sync?.full === true;
    assertIndex(checkpointRegion, this.regionCount + 1, 'mirror checkpoint region');
    const token = checkpointRegion * 16 + (full ? 8 : 0) + STATE_CODES[this.state];
    assertSafeCount(token, 'mirror state token');
    // One write outstanding at a time: an older state never lands over a newer one (the disk keeps no order).
    this.statePage.set(token);
  }
}
