// A mirror source and a mirror target wired to each other on in-memory ports (one ManualWorld, a pair of
// linked channels), for millisecond tests of the guards that show only with both sides running: `run`
// delivers disk completions, then messages, then timers, until nothing is left or a condition holds.

import type { MirrorConfig } from '../geomirror/mirror-source.js';
import { MirrorSource } from '../geomirror/mirror-source.js';
import type { MirrorMessage } from '../geomirror/mirror-messages.js';
import type { MirrorObserver } from '../geomirror/mirror-observer.js';
import { MIRROR_POLICIES, type MirrorPolicy } from '../geomirror/mirror-policy.js';
import { MirrorTarget } from '../geomirror/mirror-target.js';
import type { WriteResult } from '../ports/block-device.js';
import { LinkedChannels } from './linked-channel.js';
import { ManualWorld, MemoryBlockDevice, type PendingOperation } from './manual-io.js';

export const PAIR_PAGES = 64;
export const PAIR_CONFIG: MirrorConfig = {
  mode: 'sync', suspendTimeoutUs: 1_000_000, tracking: true, trackingPageLimit: 32, regionPages: 8,
  pauseBetweenRegionsUs: 0, autoResume: false,
};
/** Bound on steps of one `run`: a test whose sides talk forever fails instead of hanging. */
const RUN_STEP_LIMIT = 1_000_000;

export const silentMirror: MirrorObserver = {
  sourceState() {}, syncPlanned() {}, syncProgress() {}, syncCompleted() {}, targetVariedOn() {}, promotion() {},
};

export class MirrorPair {
  readonly world = new ManualWorld();
  readonly link = new LinkedChannels<MirrorMessage>();
  readonly production = new MemoryBlockDevice(this.world, 'production', PAIR_PAGES);
  readonly mirror = new MemoryBlockDevice(this.world, 'mirror', PAIR_PAGES);
  readonly sourceSysasp = new MemoryBlockDevice(this.world, 'source.sysasp', 16);
  readonly targetSysasp = new MemoryBlockDevice(this.world, 'target.sysasp', 16);
  readonly results: WriteResult[] = [];
  source: MirrorSource;
  target: MirrorTarget;
  /** Every synchronisation plan the source announced (`null`: full). */
  readonly plans: (readonly number[] | null)[] = [];

  constructor(
    readonly config: MirrorConfig = PAIR_CONFIG,
    readonly policy: MirrorPolicy = MIRROR_POLICIES.correct,
  ) {
    this.source = this.buildSource();
    this.target = this.buildTarget();
  }

  /** A new incarnation of the source on the same devices (after an IPL); the old one stops. */
  restartSource(): MirrorSource {
    this.source.stop();
    this.source = this.buildSource();
    return this.source;
  }

  /** A new incarnation of the target on the same devices (its IPL, or a new disk), restored from its SYSASP. */
  restartTarget(): MirrorTarget {
    this.target.stop();
    this.target = this.buildTarget();
    this.target.restore(() => {});
    return this.target;
  }

  /** An application write through the source; its completion is recorded in `results`. */
  write(pageIndex: number, token: number): void {
    this.source.write(pageIndex, token, (result) => this.results.push(result));
  }

  /**
   * Disk completions first, then messages in flight, then timers, until none is left or `until` holds.
   * Completions matching `hold` come last of all: after every message and timer (the port allows it).
   */
  run(until: () => boolean = () => false, hold: (operation: PendingOperation) => boolean = () => false): boolean {
    for (let steps = 0; steps < RUN_STEP_LIMIT; steps += 1) {
      if (until()) return true;
      if (this.world.pending.some((operation) => !hold(operation))) this.world.step('fifo', hold);
      else if (!this.link.deliverOne() && !this.world.fireNextTimer() && !this.world.step('fifo', hold)) return false;
    }
    throw new Error(`the pair did not go quiet within ${RUN_STEP_LIMIT} steps`);
  }

  /** Pages on which the two copies differ. */
  differingPages(): number[] {
    const pages = new Set([...this.production.pages.keys(), ...this.mirror.pages.keys()]);
    return [...pages].filter((page) => this.production.pages.get(page) !== this.mirror.pages.get(page))
      .sort((a, b) => a - b);
  }

  private buildTarget(): MirrorTarget {
    const { suspendTimeoutUs, trackingPageLimit } = this.config;
    return new MirrorTarget(this.mirror, this.targetSysasp, this.link.ends[1], this.world, suspendTimeoutUs,
      trackingPageLimit, this.policy, silentMirror);
  }

  private buildSource(): MirrorSource {
    const observer: MirrorObserver = { ...silentMirror, syncPlanned: (plan) => void this.plans.push(plan.pages) };
    return new MirrorSource(this.production, this.sourceSysasp, this.link.ends[0], this.world, this.config,
      this.policy, observer);
  }
}
