// Synchronous production writes made after a detach complete only once the target knows of the detach: until
// its `sourceStateSeen` comes back, the target may still believe it mirrors in step and allow an unforced
// promotion, which would lose a write production acknowledged alone. Also released once the link has been
// down for the suspend timeout: the target then counts itself suspended (DESIGN 4.3) and refuses it too.

import { assert, assertSafeCount } from '../assert.js';
import type { Timer } from '../ports/timer.js';

/** Bound on completions held at once (the application's concurrency is far below it). */
export const MAX_HELD_COMPLETIONS = 1 << 20;

export class DetachHold {
  /** The source-state notice the target must confirm (or a later one); undefined: nothing to wait for. */
  private awaitedNotice: number | undefined;
  private held: (() => void)[] = [];
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly timer: Timer,
    private readonly suspendTimeoutUs: number,
    private readonly connected: () => boolean,
  ) {
    assertSafeCount(suspendTimeoutUs, 'suspend timeout of a detach hold');
  }

  /** True while completions must wait for the target. */
  get holding(): boolean {
    return this.awaitedNotice !== undefined;
  }

  /** Detached: `notice` is the number of the source-state message that told the target. */
  start(notice: number): void {
    assertSafeCount(notice, 'detach notice');
    assert(this.held.length === 0, 'a detach hold started with completions still held', this.held.length);
    this.awaitedNotice = notice;
    if (!this.connected()) this.linkDown();
  }

  /** Holds one completion until the target knows. */
  hold(complete: () => void): void {
    assert(this.holding, 'a completion held with no detach awaiting the target');
    assert(this.held.length < MAX_HELD_COMPLETIONS, 'too many completions held for a detach');
    this.held.push(complete);
  }

  /** The target confirmed notice `notice`: the channel is in order, so every earlier one too. */
  seen(notice: number): void {
    assertSafeCount(notice, 'confirmed notice');
    if (this.awaitedNotice !== undefined && notice >= this.awaitedNotice) this.release();
  }

  /** The link went down: past the suspend timeout the target counts itself suspended. */
  linkDown(): void {
    if (!this.holding || this.cancelTimer !== undefined) return;
    this.cancelTimer = this.timer.after(this.suspendTimeoutUs, () => {
      this.cancelTimer = undefined;
      if (!this.connected()) this.release();
    });
  }

  /** The link is back: the source says its state again and the target's confirmation releases the hold. */
  linkUp(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** The source stopped (a crash or a role switch): the held writes are never acknowledged. */
  stop(): void {
    this.linkUp();
    this.awaitedNotice = undefined;
    this.held = [];
  }

  private release(): void {
    this.linkUp();
    this.awaitedNotice = undefined;
    const held = this.held;
    this.held = [];
    for (const complete of held) complete();
  }
}
