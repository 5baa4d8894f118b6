// The oracle of geographic mirroring: ghost versions of every application page write, and the checks of
// DESIGN 5 for mirroring — no acknowledged write lost, reads return an acknowledged (or overlapping) version,
// no use of the mirror copy while replication writes to it, no older version over a newer one, copies
// identical after a quiet synchronisation, tracking never misses a differing page, promotion rules, and one
// production at a time (no split brain).
//
// What it reads: production's application intents and outcomes (write issued / completed, read issued /
// returned, from the workload); disk contents (`peek`, `writtenPages`) and landed writes (DiskWatcher); the
// requests on the two observed paths into a target's copy (replication: the device the world hands the
// mirroring target; application: the device the target's store was varied on with), see observed-device.ts;
// operator requests (detach, and that the target's applications stopped) and world events (a crash, a role
// swap the world wired, with the operator's `force`, a target disk replaced, which end sent each message the
// link delivers and when it was sent). It reads no state the logic computes about itself, except as below.
// Taken from the logic for `splitBrain`: the copy a system said it varied its store on (`mirrored`), and the
// system routed as production (the last promotion the world judged from the systems' reports, each an answer to
// an operator request: a promotion nobody asked is itself a `promotionRule` violation, `promotedUnasked`).
// Still taken from the logic: which synchronisation plan it announces (`syncPlanned`, checked against disk
// contents) and, at the end, whether it calls itself in step (only gates when `copiesDiffer` is judged).
// Areas not verified: reads and writes of the target's applications (their versions are not ghosted; only
// whether they overlap replication); asynchronous mode's unforced promotions (the mode accepts losing what
// was in transit, by an amount nothing bounds: the promoted copy becomes the new baseline); forced
// promotions (the loss was accepted); pages in doubt after a crash (either version is allowed).

import { DATA_FIRST_PAGE } from '../../src/sls/iasp-layout.js';
import type { Kernel } from '../kernel/kernel.js';
import { formatShortUs } from '../kernel/time.js';
import type { SimulatedDisk } from '../world/simulated-disk.js';
import { assert } from '../errors.js';
import type { ViolationLog } from './violations.js';
import type { DevicePath } from './observed-device.js';
import { VersionSet } from './version-set.js';
import { type PendingRead, allowDuringReads, allowVersion } from './volume-oracle.js';

export class MirrorOracle {
  /** Latest acknowledged version of each application page (by page index within the data area). */
  private readonly acknowledged = new Map<number, number>();
  /** Versions issued and not yet completed, per page. */
  private readonly inFlight = new Map<number, Set<number>>();
  /** Versions that may or may not have landed (in flight at a crash), per page, until the next acknowledgement. */
  private readonly doubtful = new Map<number, Set<number>>();
  /** Which side wrote each version: production versions must never be overwritten by older ones (a bit each). */
  private readonly productionVersions = new VersionSet();
  /** Reads of production issued and not yet returned: the versions each may return. */
  private readonly pendingReads = new Map<number, PendingRead>();
  private nextReadId = 1;
  /** Per disk, the order of the last request on each observed path into it (see `pathRequest`). */
  private readonly usage = new Map<SimulatedDisk, PathUsage>();
  /** Order of observations, so that "after" means after even within one instant. */
  private sequence = 0;
  private lastTargetApplicationsStopped = 0;
  /** Pages whose latest acknowledged version was acknowledged while the copy was cut off (link down, detached). */
  private readonly ackedWhileCutOff = new Set<number>();
  private detachedByOperator = false;
  /** A split brain was reported since the last promotion (see `writeBesideProduction`). */
  private splitReported = false;
  /** The routed production acknowledged an application write since the last promotion (or the start). */
  private acknowledgedSincePromotion = false;
  /**
   * Replacements of the target's copy production cannot know of yet, oldest first: no message the target's
   * system sent after one has reached production (see `targetCopyReplaced`).
   */
  private readonly unheardReplacements: UnheardReplacement[] = [];
  /**
   * Replicated writes delivered to the target's system and not yet landed on its copy, per device page (the
   * tokens): the copy gets them without a synchronisation unless the target loses them (crash, new disk).
   */
  private readonly deliveredToTarget = new Map<number, Set<number>>();
  /** The copy those writes are for (the target's copy when they were delivered). */
  private deliveredCopy: SimulatedDisk | undefined;
  /** Whether the simulated link is connected now (the world's link, not the logic's view of it). */
  linkConnected: () => boolean = () => true;
  /**
   * The disk of the copy that should receive mirroring: the current mirror copy of the system not routed as
   * production (wired by the world from its routing and its disks, not from the logic's word).
   */
  targetCopy: () => SimulatedDisk | undefined = () => undefined;
  /** For the liveness judge: the last production write acknowledged and the last replicated page write landed. */
  lastAcknowledgedUs = -1;
  lastReplicatedUs = -1;
  readonly counts = { acknowledgedWrites: 0, reads: 0, checkedPages: 0, syncs: 0, partialSyncs: 0 };

  constructor(
    private readonly kernel: Kernel,
    private readonly log: ViolationLog,
    private readonly dataPageCount: number,
  ) {}

  writeIssued(pageIndex: number, token: number): void {
    this.productionVersions.add(token);
    let set = this.inFlight.get(pageIndex);
    if (set === undefined) {
      set = new Set();
      this.inFlight.set(pageIndex, set);
    }
    set.add(token);
    allowDuringReads(this.pendingReads, pageIndex, token);
  }

  writeCompleted(pageIndex: number, token: number, ok: boolean): void {
    const set = this.inFlight.get(pageIndex);
    set?.delete(token);
    if (set?.size === 0) this.inFlight.delete(pageIndex);
    if (!ok) {
      this.doubt(pageIndex, token);
      return;
    }
    this.counts.acknowledgedWrites += 1;
    this.acknowledgedSincePromotion = true;
    this.lastAcknowledgedUs = this.kernel.nowUs;
    const previous = this.acknowledged.get(pageIndex) ?? 0;
    if (token > previous) {
      this.acknowledged.set(pageIndex, token);
      if (this.detachedByOperator || !this.linkConnected()) this.ackedWhileCutOff.add(pageIndex);
      else this.ackedWhileCutOff.delete(pageIndex);
      this.doubtful.delete(pageIndex);
    }
  }

  /**
   * A system other than the one routed as production (the last promotion judged) acknowledged an application
   * write while its store runs as production on its copy of the mirrored IASP (`mirrored`: not a detached
   * mirror copy, not a storage copy), after the routed production acknowledged one since its promotion. Two
   * systems then accept writes for one IASP at once (split brain): each acknowledges what the other never
   * holds. Not reported: the old production's writes between a forced promotion and the moment it hears of it,
   * before the new production acknowledged anything (what a forced failover loses was accepted). Reported once
   * per promotion.
   */
  writeBesideProduction(system: string, copy: string | undefined, production: string): void {
    if (copy !== 'mirrored' || system === production || this.splitReported) return;
    if (!this.acknowledgedSincePromotion) return;
    this.splitReported = true;
    this.log.report('splitBrain', `system ${system} acknowledged an application write on its copy of the `
      + `mirrored IASP while system ${production} holds production`, [
      `production passed to system ${production} at its last promotion; system ${system} runs as production too`,
    ]);
  }

  /** The production system crashed: what was in flight may have landed or not. */
  productionCrashed(): void {
    for (const [pageIndex, tokens] of this.inFlight) for (const token of tokens) this.doubt(pageIndex, token);
    this.inFlight.clear();
    this.pendingReads.clear(); // their completions never reach the application
  }

  /**
   * A production read of `pageIndex` is issued. It may return the version acknowledged before now, a version
   * in flight or in doubt now, or one whose write is issued while the read is outstanding (either may win).
   */
  readIssued(pageIndex: number): number {
    if (this.pendingReads.size >= MAX_PENDING_READS) {
      assert(false, `mirror oracle: over ${MAX_PENDING_READS} reads outstanding`);
    }
    const readId = this.nextReadId;
    this.nextReadId += 1;
    const allowed = [this.acknowledged.get(pageIndex) ?? 0];
    const inFlight = this.inFlight.get(pageIndex);
    if (inFlight !== undefined) for (const token of inFlight) allowVersion(allowed, token);
    const doubtful = this.doubtful.get(pageIndex);
    if (doubtful !== undefined) for (const token of doubtful) allowVersion(allowed, token);
    this.pendingReads.set(readId, { pageIndex, issuedUs: this.kernel.nowUs, allowed });
    return readId;
  }

  /** The read failed, or its completion does not count (the applications stopped meanwhile). */
  readAbandoned(readId: number): void {
    this.pendingReads.delete(readId);
  }

  readCompleted(readId: number, token: number): void {
    const read = this.pendingReads.get(readId);
    // A read outstanding across a crash or a promotion is not judged (its record was dropped there).
    if (read === undefined) return;
    this.pendingReads.delete(readId);
    this.counts.reads += 1;
    if (read.allowed.includes(token)) return;
    const pageIndex = read.pageIndex;
    const versions = [...read.allowed].sort((a, b) => a - b).join(', ');
    const message = `read of page ${pageIndex} returned version ${token}, but it could return only ${versions}`;
    this.log.report('staleRead', message, [
      `page ${pageIndex} was last acknowledged with version ${this.acknowledged.get(pageIndex) ?? 0} on the production copy`,
      `the read was issued at ${formatShortUs(read.issuedUs)}; possible then or written meanwhile: ${versions}`,
      `the production system read version ${token} at ${formatShortUs(this.kernel.nowUs)}`,
    ]);
  }

  // ---- the mirror copy in use while replication writes to it (own eyes: the two observed paths) ----

  /** Operator request: detach the mirror copy (after it, the target's applications may use the copy). */
  detachRequested(): void {
    this.detachedByOperator = true;
  }

  /** Operator request: reattach (the copy is to be brought back in step). */
  reattachRequested(): void {
    this.detachedByOperator = false;
  }

  /** The target's applications stopped (vary-off, a crash of the target, a disk replaced, a promotion). */
  targetApplicationsStopped(): void {
    this.lastTargetApplicationsStopped = this.next();
  }

  /** A system crashed: requests queued on its disks will never complete (the disk dropped them). */
  disksCrashed(disks: readonly SimulatedDisk[]): void {
    for (const disk of disks) this.usage.delete(disk);
    // The target's system crashed: what it had received and not yet written is gone with it.
    const target = this.targetCopy();
    if (target !== undefined && disks.includes(target)) this.deliveredToTarget.clear();
  }

  /**
   * A request on an observed path into `disk`, at issue and at completion. The copy is in use by the target
   * from the first request of an application session (one vary-on's device) until the target's applications
   * stop, and while any application request is outstanding. A replication write issued while the copy is in
   * use, or an application request issued while a replication write is outstanding, means the copy was used
   * while mirroring still wrote to it: the target reads pages production is changing, or its own writes are
   * overwritten untracked (or land over the synchronisation, when a vary-off did not wait for them).
   */
  pathRequest(disk: SimulatedDisk, path: DevicePath, write: boolean, phase: Phase, ok = true): void {
    const order = this.next();
    const usage = this.usageOf(disk);
    if (path === 'replication') return this.replicationRequest(disk, usage, order, write, phase, ok);
    if (phase === 'completed') {
      usage.applicationOutstanding = Math.max(0, usage.applicationOutstanding - 1);
      return;
    }
    usage.applicationOutstanding += 1;
    // Reported once per session of the target's applications (or per stop, for leftovers).
    const episode = Math.max(usage.applicationSession, this.lastTargetApplicationsStopped);
    if (usage.replicationOutstanding === 0 || usage.reportedApplication > episode) return;
    usage.reportedApplication = order;
    const message = `copy ${disk.name} was used by the target's applications while mirroring still wrote to it`;
    this.log.report('readFromUnsynced', message, [
      'the mirror copy may be varied on only after a detach (or a promotion), once replication stopped writing it',
      `${usage.replicationOutstanding} replication write(s) to copy ${disk.name} were still outstanding`,
      `the target's applications ${write ? 'wrote' : 'read'} it at ${formatShortUs(this.kernel.nowUs)}`,
    ]);
  }

  /** The first request through a new application device (one vary-on at the target) opens a session. */
  applicationSessionOpened(disk: SimulatedDisk): void {
    this.usageOf(disk).applicationSession = this.next();
  }

  private replicationRequest(
    disk: SimulatedDisk, usage: PathUsage, order: number, write: boolean, phase: Phase, ok: boolean,
  ): void {
    if (!write) return;
    if (phase === 'completed') {
      usage.replicationOutstanding = Math.max(0, usage.replicationOutstanding - 1);
      if (ok && disk === this.targetCopy()) this.lastReplicatedUs = this.kernel.nowUs;
      return;
    }
    usage.replication = order;
    usage.replicationOutstanding += 1;
    const sessionOpen = usage.applicationSession > this.lastTargetApplicationsStopped;
    if (!sessionOpen && usage.applicationOutstanding === 0) return;
    if (usage.reportedReplication > Math.max(this.lastTargetApplicationsStopped, usage.applicationSession)) return;
    usage.reportedReplication = order;
    const message = `replication wrote copy ${disk.name} while the target's applications were using it`;
    this.log.report('readFromUnsynced', message, [
      sessionOpen ? `the target's applications opened copy ${disk.name} (a vary-on) and were not stopped since`
        : `${usage.applicationOutstanding} request(s) of the target's applications to copy ${disk.name}`
          + ' were outstanding after they stopped',
      `a replication write was issued to it at ${formatShortUs(this.kernel.nowUs)}: the copy changes under its users`,
    ]);
  }

  private usageOf(disk: SimulatedDisk): PathUsage {
    let usage = this.usage.get(disk);
    if (usage === undefined) {
      usage = {
        replication: 0, replicationOutstanding: 0, applicationSession: 0, applicationOutstanding: 0,
        reportedReplication: 0, reportedApplication: 0,
      };
      this.usage.set(disk, usage);
    }
    return usage;
  }

  /** The disk hook on the copy receiving mirroring: a synchronisation must never put an older version over a newer. */
  pageWritten(disk: SimulatedDisk, devicePage: number, token: number, previous: number, fromRange: boolean): void {
    if (!fromRange && disk === this.deliveredCopy) this.landedAtTarget(devicePage, token);
    if (!fromRange || disk !== this.targetCopy()) return;
    const pageIndex = devicePage - DATA_FIRST_PAGE;
    if (pageIndex < 0 || pageIndex >= this.dataPageCount) return;
    if (previous === 0 || token >= previous || !this.productionVersions.has(previous)) return;
    if (this.doubtful.get(pageIndex)?.has(previous)) return;
    this.log.report('olderOverNewer', `synchronisation wrote version ${token} over version ${previous} of page ${pageIndex} on copy ${disk.name}`, [
      `version ${previous} of page ${pageIndex} was replicated to copy ${disk.name} while its region was being synchronised`,
      `the synchronisation had read the region from production before that write and wrote the older data over it at ${formatShortUs(this.kernel.nowUs)}`,
    ]);
  }

  /** A replicated write landed: it and every earlier one of the page are no longer on their way (newest last). */
  private landedAtTarget(devicePage: number, token: number): void {
    const tokens = this.deliveredToTarget.get(devicePage);
    if (tokens === undefined) return;
    for (const awaiting of tokens) if (awaiting <= token) tokens.delete(awaiting);
    if (tokens.size === 0) this.deliveredToTarget.delete(devicePage);
  }

  /**
   * The operator put the target's copy (`previous`, on the system at link end `side`) on a new disk, after
   * `sendsSoFar` messages were sent on the link. Production learns of it only over the link: until a message
   * the target's system sent after now reaches it, its view (and every plan it makes) is the same as in a run
   * where the copy was never replaced, so its plans are judged against the copy it knows (see syncPlanned).
   */
  targetCopyReplaced(previous: SimulatedDisk, side: number, sendsSoFar: number): void {
    // The writes the old disk was to get never reach the new one.
    this.deliveredToTarget.clear();
    assert(this.unheardReplacements.length < MAX_UNHEARD_REPLACEMENTS, 'mirror oracle: too many replacements unheard');
    assert(this.unheardReplacements.every((replacement) => replacement.side === side), 'replaced copies on one side');
    this.unheardReplacements.push({ previous, side, sendsSoFar, atUs: this.kernel.nowUs });
  }

  /** The link delivers a message sent from link end `from` as send number `sendIndex` (before the receiver acts). */
  /** The link delivered a replicated write (device page, token) to the target's system. */
  replicatedWriteDelivered(devicePage: number, token: number): void {
    const target = this.targetCopy();
    if (this.deliveredCopy !== target) {
      this.deliveredToTarget.clear();
      this.deliveredCopy = target;
    }
    let tokens = this.deliveredToTarget.get(devicePage);
    if (tokens === undefined) {
      assert(this.deliveredToTarget.size < MAX_DELIVERED_PAGES, 'mirror oracle: too many pages awaiting writes');
      tokens = new Set();
      this.deliveredToTarget.set(devicePage, tokens);
    }
    assert(tokens.size < MAX_DELIVERED_PER_PAGE, `mirror oracle: too many writes of page ${devicePage} awaiting`);
    tokens.add(token);
  }

  messageDelivered(from: number, sendIndex: number): void {
    const unheard = this.unheardReplacements;
    while (unheard.length > 0 && unheard[0].side === from && unheard[0].sendsSoFar <= sendIndex) unheard.shift();
  }

  /**
   * A partial synchronisation starts: every page that differs between the copies must be in its plan. The
   * copy judged is the one production can know of: the target's current copy, or the one it had before
   * replacements no message has told production of yet (its tracking describes that one).
   */
  syncPlanned(full: boolean, pages: readonly number[] | null, source: SimulatedDisk, target: SimulatedDisk): void {
    this.counts.syncs += 1;
    if (full || pages === null) return;
    this.counts.partialSyncs += 1;
    const unheard = this.unheardReplacements[0];
    const known = unheard?.previous ?? target;
    const planned = new Set(pages);
    // A page differs only for now when a write still outstanding on one copy's disk carries what the other copy
    // holds (a production write already replicated and landed on the target while the production disk still
    // queues it, or a replicated write still queued on the target): the disk completes it whenever it likes,
    // and the copies then agree without a synchronisation. Should that write fail, the logic must track it then.
    // So does a replicated write the target's system received before the plan and has yet to issue (it waits
    // behind an earlier write of the page): the link delivered it, the disk has not seen it yet.
    const delivered = (page: number): boolean =>
      known === this.deliveredCopy && (this.deliveredToTarget.get(page)?.has(source.peek(page)) ?? false);
    const closing = (page: number): boolean => source.outstandingWriteTokens(page).includes(known.peek(page))
      || known.outstandingWriteTokens(page).includes(source.peek(page)) || delivered(page);
    const missed = differingPages(source, known).filter((page) => !planned.has(page) && !closing(page));
    if (missed.length === 0) return;
    const replaced = unheard === undefined ? [] : [
      `copy ${known.name} was replaced at ${formatShortUs(unheard.atUs)}, but no message the target sent since had`
        + ' reached production: the plan is judged against the copy it knew',
    ];
    const message = `a partial synchronisation from ${source.name} to ${known.name} plans ${pages.length} pages`
      + ` but misses ${missed.length} that differ (first: page ${missed[0]})`;
    this.log.report('trackingMissedPage', message, [
      ...replaced,
      `the copies differ at pages ${missed.slice(0, 8).join(', ')}${missed.length > 8 ? ', ...' : ''}`,
      'change tracking should have recorded every page written on either side since the copies were last in step',
      'those pages will keep their old content on the mirror copy after the synchronisation',
    ]);
  }

  /**
   * The world swapped roles: `promoted` is production now; `forced` is the operator's request. In synchronous
   * mode an unforced promotion must lose nothing: the promoted copy holds every acknowledged write (its disk
   * contents), and later reads and the final check go on judging against them. Otherwise the loss was
   * accepted and what the promoted copy holds is the new baseline.
   */
  promoted(forced: boolean, promoted: SimulatedDisk, syncMode: boolean): void {
    this.pendingReads.clear();
    this.splitReported = false;
    this.acknowledgedSincePromotion = false;
    // The promoted system knows its own copy; the new target's copy is the old production's, never replaced.
    this.unheardReplacements.length = 0;
    if (!forced && syncMode) this.checkHolds(promoted, 'at an unforced promotion', true);
    else this.rebaseline(promoted);
  }

  /**
   * A system took production though the operator asked no promotion of it: no switchover of its peer and no
   * failover of it awaits an answer, and its last report was not production (so it is no restart restating a
   * role). Production passes only in answer to the operator: a system that promotes itself may run beside a
   * production that never heard of it.
   */
  promotedUnasked(system: string, how: string): void {
    this.log.report('promotionRule', `system ${system} took production (${how}) though no promotion of it was asked`, [
      `no switchover of its peer and no failover of system ${system} awaited an answer`,
      `system ${system} last reported itself not production, so this is no restart restating its role`,
    ]);
  }

  /** At the end: production holds every acknowledged write; with both sides quiet and in step, the copies are identical. */
  finalCheck(production: SimulatedDisk, mirror: SimulatedDisk | undefined): void {
    this.checkHolds(production, 'at the end of the run');
    if (mirror === undefined) return;
    const differing = differingPages(production, mirror);
    if (differing.length === 0) return;
    this.log.report('copiesDiffer', `after a quiet synchronisation copies ${production.name} and ${mirror.name} differ in ${differing.length} pages (first: page ${differing[0]})`, [
      `mirroring reported both copies in step, with no write in flight`,
      `pages ${differing.slice(0, 8).join(', ')}${differing.length > 8 ? ', ...' : ''} hold different content`,
    ]);
  }

  /**
   * The disk holds every acknowledged version (or one in doubt). At a promotion, a missing version that was
   * acknowledged while the copy was cut off (link down, or detached by the operator) also breaks the promotion
   * rule: a copy not kept in step was promoted without force.
   */
  private checkHolds(disk: SimulatedDisk, context: string, atPromotion = false): void {
    for (const pageIndex of [...this.acknowledged.keys()].sort((a, b) => a - b)) {
      this.counts.checkedPages += 1;
      const token = disk.peek(DATA_FIRST_PAGE + pageIndex);
      if (this.allowed(pageIndex, token)) continue;
      this.log.report('acknowledgedWriteLost', `${context}: copy ${disk.name} holds version ${token} of page ${pageIndex}, but version ${this.acknowledged.get(pageIndex)} was acknowledged`, [
        `version ${this.acknowledged.get(pageIndex)} of page ${pageIndex} was acknowledged to the application`,
        `copy ${disk.name} does not hold it ${context}`,
      ]);
      if (atPromotion && this.ackedWhileCutOff.has(pageIndex)) {
        const version = this.acknowledged.get(pageIndex);
        const message = `copy ${disk.name} was promoted without force, cut off when version ${version}`
          + ` of page ${pageIndex} was acknowledged`;
        this.log.report('promotionRule', message, [
          `version ${version} of page ${pageIndex} was acknowledged while the link was down or the copy detached`,
          'a copy not kept in step (suspended, detached, synchronizing) may be promoted only when forced',
          `the promotion at ${formatShortUs(this.kernel.nowUs)} was not forced, and the copy lacks that version`,
        ]);
      }
      return;
    }
  }

  /** After a promotion the promoted copy is the truth: what it holds is the new baseline. */
  private rebaseline(disk: SimulatedDisk): void {
    this.acknowledged.clear();
    this.doubtful.clear();
    this.productionVersions.clear();
    this.ackedWhileCutOff.clear();
    for (const [devicePage, token] of disk.writtenPages()) {
      const pageIndex = devicePage - DATA_FIRST_PAGE;
      if (pageIndex >= 0 && pageIndex < this.dataPageCount) this.acknowledged.set(pageIndex, token);
    }
  }

  private allowed(pageIndex: number, token: number): boolean {
    const acknowledged = this.acknowledged.get(pageIndex) ?? 0;
    return token === acknowledged || token > acknowledged && (this.inFlight.get(pageIndex)?.has(token) ?? false)
      || (this.inFlight.get(pageIndex)?.has(token) ?? false) || (this.doubtful.get(pageIndex)?.has(token) ?? false);
  }

  private doubt(pageIndex: number, token: number): void {
    let set = this.doubtful.get(pageIndex);
    if (set === undefined) {
      set = new Set();
      this.doubtful.set(pageIndex, set);
    }
    set.add(token);
    allowDuringReads(this.pendingReads, pageIndex, token);
  }

  private next(): number {
    this.sequence += 1;
    return this.sequence;
  }
}

type Phase = 'issued' | 'completed';

interface UnheardReplacement {
  /** The copy before the replacement, and the link end of the system it is on. */
  readonly previous: SimulatedDisk;
  readonly side: number;
  /** Messages sent on the link before the replacement: one sent from `side` at this index or later tells of it. */
  readonly sendsSoFar: number;
  readonly atUs: number;
}

/** Bound on replacements of the target's copy production has not yet heard of. */
const MAX_UNHEARD_REPLACEMENTS = 1024;
/** Bounds on replicated writes awaiting the target's disk: pages, and writes of one page (the target's queue). */
const MAX_DELIVERED_PAGES = 1 << 22;
const MAX_DELIVERED_PER_PAGE = 1 << 16;

interface PathUsage {
  /** Order of the last replication write issued, and how many are outstanding. */
  replication: number;
  replicationOutstanding: number;
  /** Order of the last application session opened (see applicationSessionOpened), and requests outstanding. */
  applicationSession: number;
  applicationOutstanding: number;
  /** When each direction was last reported, so one overlap is reported once, not at every request. */
  reportedReplication: number;
  reportedApplication: number;
}

/** Bound on production reads outstanding at once. */
const MAX_PENDING_READS = 1_000_000;

/** Pages whose content differs between two disks, ascending (cost follows the pages written). */
export function differingPages(first: SimulatedDisk, second: SimulatedDisk): number[] {
  const pages = new Set<number>();
  for (const [pageIndex, token] of first.writtenPages()) if (second.peek(pageIndex) !== token) pages.add(pageIndex);
  for (const [pageIndex, token] of second.writtenPages()) if (first.peek(pageIndex) !== token) pages.add(pageIndex);
  return [...pages].sort((a, b) => a - b);
}
