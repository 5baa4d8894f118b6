// The target side of geographic mirroring: applies replicated writes and synchronisation ranges to the
// mirror copy in arrival order and acknowledges them; after a detach, lets the target system vary the copy
// on (tracking its changes for the reattach); decides promotion at a switchover or failover.

import { assert, assertIndex } from '../assert.js';
import type { BlockDevice, RangeReadResult, ReadResult, WriteResult } from '../ports/block-device.js';
import type { Channel } from '../ports/channel.js';
import type { Timer } from '../ports/timer.js';
import { SYSASP_MIRROR_TARGET_STATE_PAGE } from '../sls/iasp-layout.js';
import { SingleLevelStore } from '../sls/single-level-store.js';
import { ChangeTracker } from './change-tracker.js';
import type { MirrorMessage } from './mirror-messages.js';
import { messageBytes } from './mirror-messages.js';
import type { MirrorObserver } from './mirror-observer.js';
import type { MirrorPolicy } from './mirror-policy.js';
import { ReplicaWriter } from './replica-writer.js';
import { StatePage } from './state-page.js';

export type TargetState = 'mirroring' | 'detached' | 'promoted';

/** For each state, the states it may be entered from: a promoted copy is production and never mirrors again. */
const TARGET_TRANSITIONS: Readonly<Record<TargetState, readonly TargetState[]>> = {
  mirroring: ['mirroring', 'detached'],
  detached: ['mirroring', 'detached'],
  promoted: ['mirroring', 'detached'],
};
const TARGET_STATE_CODES: Readonly<Record<TargetState, number>> = { mirroring: 1, detached: 2, promoted: 3 };
/** Added to the state code on the SYSASP while the copy holds a partial image (see `partialImage`). */
const PARTIAL_IMAGE_FLAG = 4;
/** Bound on messages held while the partial-image mark is written (the source bounds what it has in flight). */
const HELD_MESSAGE_LIMIT = 1 << 22;

export const PARTIAL_IMAGE_REFUSAL = 'refused even forced: the copy holds a partial synchronisation or lacks a write'
  + ' (usable again once a synchronisation completes)';

const PARTIAL_IMAGE_VARY_ON_REFUSAL = 'the mirror copy holds a partial image (a synchronisation must complete first)';

export interface PromotionDecision {
  readonly allowed: boolean;
  readonly reason: string;
  /** What a promotion may lose, in words (empty when nothing). */
  readonly mayLose: string;
}

/** The detached copy as the target's single-level store sees it: every write is also recorded for the reattach. */
class TrackedDevice implements BlockDevice {
  constructor(
    private readonly device: BlockDevice,
    private readonly tracker: () => ChangeTracker | undefined,
  ) {}

  get name(): string {
    return this.device.name;
  }

  get pageCount(): number {
    return this.device.pageCount;
  }

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    this.device.read(pageIndex, done);
  }

  readRange(firstPage: number, pageCount: number, done: (result: RangeReadResult) => void): void {
    this.device.readRange(firstPage, pageCount, done);
  }

  write(pageIndex: number, token: number, done: (result: WriteResult) => void): void {
    this.tracker()?.record(pageIndex);
    this.device.write(pageIndex, token, done);
  }

  writeRange(): void {
    assert(false, 'the detached copy takes page writes only');
  }
}

export class MirrorTarget {
  state: TargetState = 'mirroring';
  /** True between a completed synchronisation (or a fresh start) and the next start of one. */
  private inSync = true;
  /**
   * Rebuilt on a copy that may miss writes (see `restarted`), and production has not yet said it saw that:
   * a synchronisation completing now was planned for the copy before, so it does not bring this one in step.
   */
  private restartUnseen = false;
  private linkDownSinceUs: number | undefined;
  private tracker: ChangeTracker | undefined;
  private variedOn = false;
  private stopped = false;
  /**
   * The copy may hold no consistent image: a synchronisation has written part of it (in page order, not in
   * the order production wrote), or a replicated write could not land, and no synchronisation completed
   * since. Such a copy is not usable: a promotion, even forced, is refused (its store would vary on over
   * metadata of two different moments). Persisted with the state, marked before the first range lands.
   */
  private partialImage = false;
  /** Built on a new, blank disk (see `onBlankCopy`). */
  private blankCopy = false;
  /** Messages that arrived while the partial-image mark was being written: handled in order once it landed. */
  private held: MirrorMessage[] | undefined;
  private readonly statePage: StatePage;
  /** Asked for replication to go idle while messages were held: asked again once they are handled. */
  private readonly idleWaiters: (() => void)[] = [];
  readonly trackedDevice: TrackedDevice;
  /** Lands replicated writes and sync ranges in per-page order and acknowledges only what landed. */
  private readonly replica: ReplicaWriter;

  constructor(
    readonly device: BlockDevice,
    private readonly sysasp: BlockDevice,
    private readonly channel: Channel<MirrorMessage>,
    private readonly timer: Timer,
    private readonly suspendTimeoutUs: number,
    private readonly trackingPageLimit: number,
    private readonly policy: MirrorPolicy,
    private readonly observer: MirrorObserver,
  ) {
    this.trackedDevice = new TrackedDevice(device, () => this.tracker);
    this.statePage = new StatePage(sysasp, SYSASP_MIRROR_TARGET_STATE_PAGE, timer);
    const send = (message: MirrorMessage): void => void this.channel.send(message, messageBytes(message));
    this.replica = new ReplicaWriter(device, timer, send, () => {
      this.inSync = false;
      // The copy lacks a write production made: until a synchronisation completes it is not an image of any
      // moment. Writes already on the disk may land before the mark does (a crash then loses the mark).
      this.markPartialImage();
    });
    channel.onMessage((message) => !this.stopped && this.arrive(message));
    // Built before production was heard (its side opens at the peer's hello): cut off from the start, so a
    // partition that keeps the hellos away longer than the suspend timeout also takes the copy out of step.
    if (!channel.connected) this.linkDownSinceUs = timer.nowUs();
    channel.onConnection((up) => {
      if (this.stopped) return;
      // Down longer than the suspend timeout: production has suspended and writes missed this copy, even if
      // the message saying so was lost; only the next completed synchronisation brings it back in step.
      if (up && this.linkDownSinceUs !== undefined && timer.nowUs() - this.linkDownSinceUs >= suspendTimeoutUs) this.inSync = false;
      this.linkDownSinceUs = up ? undefined : (this.linkDownSinceUs ?? timer.nowUs());
    });
  }

  stop(): void {
    this.stopped = true;
    this.held = undefined;
    this.replica.stop();
    this.statePage.stop();
    this.releaseIdleWaiters();
  }

  private releaseIdleWaiters(): void {
    const waiters = this.idleWaiters.splice(0);
    for (const done of waiters) this.whenReplicationIdle(done);
  }

  /** Calls `done` once replication no longer writes the copy (see ReplicaWriter.whenIdle): before a promotion. */
  whenReplicationIdle(done: () => void): void {
    // Messages held for the partial-image mark are on their way too (a stop drops them).
    if (this.held === undefined || this.stopped) return this.replica.whenIdle(done);
    assert(this.idleWaiters.length < HELD_MESSAGE_LIMIT, 'too many waiters for replication to go idle');
    this.idleWaiters.push(done);
  }

  /**
   * Built on a new, blank disk (called before `restore`): replicated writes will land on it page by page, so it
   * holds no image of any moment until a synchronisation completes in step. Partial at once, in memory; the
   * mark is persisted by `restore`, and nothing lands on the copy before it did (messages are held).
   */
  onBlankCopy(): void {
    this.blankCopy = true;
    this.partialImage = true;
    this.held ??= [];
  }

  /** After an IPL: the persisted state; a detached copy's tracking was volatile, so it is lost. */
  restore(done: () => void): void {
    this.sysasp.read(SYSASP_MIRROR_TARGET_STATE_PAGE, (read) => {
      const code = read.ok ? read.token : 0;
      // Paired with persistState: a never-written page (0) or one of its codes, with or without the flag.
      assertIndex(code, 2 * PARTIAL_IMAGE_FLAG, 'mirror target state code read');
      const stateCode = code % PARTIAL_IMAGE_FLAG;
      assert(stateCode !== 0 || code === 0, 'the partial-image flag is persisted with a state', code);
      // The system restores a target only when its role record says target: a 'promoted' here is a promotion
      // whose role record never landed (the crash came between them), so this copy mirrors again.
      this.state = stateCode === 2 ? 'detached' : 'mirroring';
      this.partialImage = this.blankCopy || code >= PARTIAL_IMAGE_FLAG;
      this.inSync = false;
      this.tracker = undefined;
      // A blank copy's mark: persisted (with the state restored) before what was held lands on the copy.
      if (this.blankCopy) this.persistState(() => this.releaseHeld());
      done();
    });
  }

  private setState(state: TargetState): void {
    const allowed = TARGET_TRANSITIONS[state].includes(this.state);
    if (!allowed) assert(false, `the mirror target may not go from ${this.state} to ${state}`);
    this.state = state;
    this.persistState();
  }

  /** The state and the partial-image flag, on the SYSASP (one write outstanding at a time, newest last). */
  private persistState(landed?: () => void): void {
    const code = TARGET_STATE_CODES[this.state] + (this.partialImage ? PARTIAL_IMAGE_FLAG : 0);
    this.statePage.set(code, landed && (() => landed()));
  }

  /**
   * The copy no longer holds a consistent image (see `partialImage`): persisted before anything more lands
   * from the source, so that after an IPL the target still knows (messages arriving meanwhile are held).
   */
  private markPartialImage(): void {
    if (this.partialImage) return;
    this.partialImage = true;
    this.held ??= [];
    // Landed or given up on (a failed SYSASP): either way replication goes on; the flag holds in memory.
    this.persistState(() => this.releaseHeld());
  }

  private releaseHeld(): void {
    const held = this.held;
    this.held = undefined;
    for (const message of held ?? []) {
      if (this.stopped) return;
      // A message handled now may hold the rest again (a write that failed meanwhile): keep their order.
      const heldAgain = this.held as MirrorMessage[] | undefined;
      if (heldAgain !== undefined) heldAgain.push(message);
      else this.receive(message);
    }
    if (this.held === undefined) this.releaseIdleWaiters();
  }

  private arrive(message: MirrorMessage): void {
    if (this.held === undefined) return this.receive(message);
    assert(this.held.length < HELD_MESSAGE_LIMIT, 'too many messages held for the partial-image mark');
    this.held.push(message);
  }

  /**
   * A target built on a copy whose system was production until now (a role switch): persisted as mirroring
   * at once, so an IPL never restores an old state; `inStep` only after a switchover of copies in step.
   */
  startFresh(inStep: boolean, blank: boolean): void {
    // The copy was production's until now: an image of the moment the role switched, unless it was replaced
    // by a blank disk meanwhile (partial until a synchronisation completes, as after `onBlankCopy`).
    this.partialImage = blank;
    this.setState('mirroring');
    if (inStep) this.inSync = true;
    else this.restarted();
  }

  /**
   * Built on a copy that may miss writes (an IPL, a new disk, a demotion): out of step at once, and until
   * production says it saw the restart (`restartSeen`) no synchronisation completing brings it back in step,
   * since one planned before may be for the copy this one replaced (a partial one, on a new blank disk).
   */
  restarted(): void {
    this.inSync = false;
    this.restartUnseen = true;
  }

  /** Production saw the restart: what it synchronises from now on was planned for this copy. */
  restartSeen(): void {
    this.restartUnseen = false;
  }

  /** The device the target system may vary on, or why not: only a detached (or promoted) copy is usable. */
  deviceForVaryOn(): { readonly device: BlockDevice } | { readonly refused: string } {
    if (this.state === 'mirroring' && !(this.policy.varyOnWhileSyncing && !this.inSync)) return { refused: 'the mirror copy cannot be varied on while mirroring is active' };
    // A store varied on over a partial image finds its metadata of two different moments (torn). A mirroring
    // copy is refused by the rule above (which the vary-on-syncing variant drops): this one is for a detached one.
    if (this.partialImage && this.state === 'detached') return { refused: PARTIAL_IMAGE_VARY_ON_REFUSAL };
    this.variedOn = true;
    this.observer.targetVariedOn(this.state);
    return { device: this.state === 'detached' ? this.trackedDevice : this.device };
  }

  variedOff(): void {
    this.variedOn = false;
  }

  /**
   * Whether the copy still answers: a promotion onto a failed disk would make a production without data, so
   * it is refused even when forced. The copy is asked (its first page read), not remembered: a failure since
   * the last replicated write is seen too. Only `deviceFailed` counts; a transient or latent error answers.
   */
  checkCopy(done: (failure: string | undefined) => void): void {
    this.device.read(0, (read) => {
      // Stopped meanwhile (its disk replaced, or a crash): the promotion that asked must still end.
      if (this.stopped) return done('the mirror target restarted during the promotion');
      done(!read.ok && read.error === 'deviceFailed' ? 'the mirror copy has failed (replace its disk first)' : undefined);
    });
  }

  /** Whether this copy may become production, by the promotion rules. */
  decidePromotion(forced: boolean, asyncMode: boolean): PromotionDecision {
    const suspended = this.linkDownSinceUs !== undefined && this.timer.nowUs() - this.linkDownSinceUs >= this.suspendTimeoutUs;
    const condition = this.state === 'detached' ? 'detached' : !this.inSync ? 'synchronizing' : suspended ? 'suspended' : 'active';
    const risky = condition !== 'active';
    const mayLose = risky
      ? `the copy is ${condition}: production writes since then are lost`
      : asyncMode ? 'asynchronous mode: writes still in flight to the target are lost' : '';
    let decision: PromotionDecision;
    if (this.state === 'promoted') decision = { allowed: false, reason: 'already promoted', mayLose: '' };
    // Not even forced: the copy is an image of no moment (a store varied on over it finds its metadata torn).
    else if (this.partialImage) decision = { allowed: false, reason: PARTIAL_IMAGE_REFUSAL, mayLose };
    // Paired with the rule below: an unforced promotion under a checking policy is allowed only when active.
    else if (risky && !forced && this.policy.checkPromotion) decision = { allowed: false, reason: `refused: the copy is ${condition} (force to promote anyway)`, mayLose };
    else decision = { allowed: true, reason: forced ? 'forced' : 'in sync', mayLose };
    const checkedUnforced = decision.allowed && !forced && this.policy.checkPromotion;
    if (checkedUnforced) assert(!risky, 'an unforced promotion of a risky copy');
    this.observer.promotion({ forced, allowed: decision.allowed, targetState: condition, mayLose });
    if (decision.allowed) this.setState('promoted');
    return decision;
  }

  private receive(message: MirrorMessage): void {
    switch (message.kind) {
      case 'write':
        return this.replica.write(message.seq, message.pageIndex, message.token);
      case 'writesForgotten':
        return this.replica.forgotten(message.seq);
      case 'syncStarted':
        this.inSync = false;
        // The source synchronises a copy it holds detached only when it lost the detach (its state record
        // never landed before a crash): unless the target uses the copy, it mirrors again.
        if (this.state === 'detached' && !this.variedOn) {
          this.tracker = undefined;
          this.setState('mirroring');
        }
        return;
      case 'syncRange':
        // The first range of a synchronisation makes the copy partial: marked on the SYSASP before it lands.
        if (!this.partialImage) {
          this.markPartialImage();
          return this.arrive(message);
        }
        return this.replica.writeRange(message.step, message.firstPage, message.pageCount, message.content);
      case 'syncDone':
        // A write that could not land, and that the source has not yet given up on, keeps the copy out of step.
        this.inSync = this.replica.holdsEveryWrite && !this.restartUnseen;
        // In step again: an image of this moment (ranges still landing land before anything later on a page).
        if (this.inSync && this.partialImage) {
          this.partialImage = false;
          this.persistState();
        }
        return;
      case 'sourceState':
        // Only an active source keeps the copies in step; any other state means writes are not reaching us.
        if (message.state === 'active') return;
        this.inSync = false;
        // Said back, so that the source may acknowledge writes this copy no longer gets (see DetachHold).
        return void this.channel.send({ kind: 'sourceStateSeen', notice: message.notice }, 64);
      case 'detach': {
        this.setState('detached');
        this.tracker = message.track ? new ChangeTracker(this.trackingPageLimit, this.policy.lossyTracking) : undefined;
        if (message.assignRange !== undefined) SingleLevelStore.assignRange(this.trackedDevice, message.assignRange, () => {});
        return;
      }
      case 'reattach': {
        if (this.variedOn) return void this.channel.send({ kind: 'reattachReply', refused: true, changedPages: null }, 64);
        const changedPages = this.tracker?.usable ? this.tracker.sortedPages() : null;
        this.tracker = undefined;
        this.setState('mirroring');
        const reply: MirrorMessage = { kind: 'reattachReply', refused: false, changedPages };
        return void this.channel.send(reply, 64 + (changedPages?.length ?? 0) * 8);
      }
      default:
        return;
    }
  }
}
