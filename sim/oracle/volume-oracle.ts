// The storage oracle: ghost state the volume never sees (the version of every acknowledged write, which
// writes are still uncertain, which regions the recovery really made durable) and the invariants over it.
//
// What it reads: the application's intents and outcomes (write issued / acknowledged / failed, read issued /
// returned, from the workload), disk contents, landed writes and reads sent to a disk (DiskWatcher hooks and
// `peek`, including the persisted status entries on page 0), the crash of the system (which writes were in
// flight), and the start of a recovery with whether the operator asked it forced (the world's record of its
// requests: a start the volume says is forced counts as forced only when such a request awaits an answer).
// It never reads the volume's own modes.
// Areas not verified: reads that fail (an I/O error is the volume's right); writes in flight at a crash
// (either version is allowed until the page is next acknowledged); reads still outstanding at a crash.

import type { ContentToken } from '../../src/ports/block-device.js';
import { STATUS_PAGE, decodeStatus, describeStatus } from '../../src/duplex/status-entry.js';
import type { CopyIndex } from '../../src/duplex/volume-observer.js';
import { assert } from '../errors.js';
import { formatShortUs } from '../kernel/time.js';
import type { Kernel } from '../kernel/kernel.js';
import { PageMap } from '../world/page-map.js';
import { type DiskWatcher, type SimulatedDisk, differingPages } from '../world/simulated-disk.js';
import type { ViolationLog } from './violations.js';

export class VolumeOracle implements DiskWatcher {
  /** Latest acknowledged version of each volume page that was ever acknowledged (8 bytes a page). */
  readonly acknowledged = new PageMap();
  /** Versions a page may also hold: writes issued and not acknowledged, failed, or in flight at a crash. */
  readonly uncertain = new Map<number, Set<ContentToken>>();
  /** Of those, the versions in doubt for good: failed writes and writes in flight at a crash. */
  private readonly doubtful = new Map<number, Set<ContentToken>>();
  /** The copy each disk is, by disk name. */
  private readonly copyOf = new Map<string, CopyIndex>();
  private readonly disks: [SimulatedDisk | undefined, SimulatedDisk | undefined] = [undefined, undefined];
  /**
   * Ghost recovery state: which disk is recovering (by name: a copy's disk replaced mid-run is no longer that
   * copy, and reads still queued on the retired disk return what it held while in service), and which regions
   * its recovery really made durable.
   */
  private recoveringDisk: string | undefined;
  private readonly durableRegions = new Set<number>();
  /** Reads issued and not yet returned, by read id: the versions each may return (see `readIssued`). */
  private readonly pendingReads = new Map<number, PendingRead>();
  private nextReadId = 1;
  /** When the application last had a write acknowledged (for the liveness judge). */
  lastAcknowledgedUs = -1;
  readonly counts = { reads: 0, acknowledgedWrites: 0, failedWrites: 0, checkedPages: 0 };

  constructor(
    private readonly kernel: Kernel,
    private readonly log: ViolationLog,
    private readonly regionPages: number,
  ) {}

  attach(copy: CopyIndex, disk: SimulatedDisk): void {
    this.disks[copy] = disk;
    this.copyOf.set(disk.name, copy);
  }

  writeIssued(pageIndex: number, token: ContentToken): void {
    this.uncertainSet(pageIndex).add(token);
    allowDuringReads(this.pendingReads, pageIndex, token);
  }

  writeAcknowledged(pageIndex: number, token: ContentToken): void {
    this.counts.acknowledgedWrites += 1;
    this.lastAcknowledgedUs = this.kernel.nowUs;
    this.acknowledged.set(pageIndex, token);
    this.uncertain.delete(pageIndex); // every older write to the page was finished before this one was issued
    this.doubtful.delete(pageIndex);
    this.kernel.outcome(this.kernel.kind('write.ack'), pageIndex, token);
  }

  writeFailed(pageIndex: number, token: ContentToken): void {
    this.counts.failedWrites += 1;
    this.uncertainSet(pageIndex).add(token); // it may have reached one copy
    this.doubt(pageIndex, token);
    allowDuringReads(this.pendingReads, pageIndex, token);
  }

  private doubt(pageIndex: number, token: ContentToken): void {
    let set = this.doubtful.get(pageIndex);
    if (set === undefined) {
      set = new Set();
      this.doubtful.set(pageIndex, set);
    }
    set.add(token);
  }

  /**
   * An application read of `pageIndex` is issued. It may return the version acknowledged before now, any
   * version uncertain now (in flight, failed, in doubt after a crash), or any version whose write is issued
   * or fails while the read is outstanding: a read overlapping a write may return either version.
   */
  readIssued(pageIndex: number): number {
    if (this.pendingReads.size >= MAX_PENDING_READS) {
      assert(false, `volume oracle: over ${MAX_PENDING_READS} reads outstanding`);
    }
    const readId = this.nextReadId;
    this.nextReadId += 1;
    const allowed: ContentToken[] = [this.acknowledged.get(pageIndex) ?? 0];
    const uncertain = this.uncertain.get(pageIndex);
    if (uncertain !== undefined) for (const token of uncertain) allowVersion(allowed, token);
    this.pendingReads.set(readId, { pageIndex, issuedUs: this.kernel.nowUs, allowed });
    return readId;
  }

  /** The read failed or its completion never reached the application: nothing to judge. */
  readAbandoned(readId: number): void {
    this.pendingReads.delete(readId);
  }

  /** An application read completed with `token`. */
  readReturned(readId: number, token: ContentToken): void {
    const read = this.pendingReads.get(readId);
    if (read === undefined) {
      assert(false, `volume oracle: read ${readId} returned but was never issued (or returned twice)`);
    }
    this.pendingReads.delete(readId);
    const pageIndex = read.pageIndex;
    this.counts.reads += 1;
    this.kernel.outcome(this.kernel.kind('read.ok'), pageIndex, token);
    if (read.allowed.includes(token)) return;
    const versions = [...read.allowed].sort((a, b) => a - b).join(', ');
    const message = `read of page ${pageIndex} returned version ${token}, but it could return only ${versions}`;
    this.log.report('staleRead', message, [
      `page ${pageIndex} was last acknowledged with version ${this.acknowledged.get(pageIndex) ?? 0}`,
      `the read was issued at ${formatShortUs(read.issuedUs)}; possible then or written meanwhile: ${versions}`,
      `the volume served version ${token} at ${formatShortUs(this.kernel.nowUs)}`,
    ]);
  }

  /**
   * A read is sent to a disk. Judged when sent, as the seed words it (the system does not read from the copy
   * marked recovery in progress): the volume chooses the copy then, and the port lets the disk serve it at
   * any later time. A read sent while the copy was in service may be served after its recovery began; what it
   * returns is judged by `staleRead` against the versions possible since it was issued.
   */
  readSent(disk: SimulatedDisk, devicePage: number): void {
    const copy = this.copyOf.get(disk.name);
    if (devicePage === STATUS_PAGE || copy === undefined || disk.name !== this.recoveringDisk) return;
    const region = Math.floor((devicePage - 1) / this.regionPages);
    if (this.durableRegions.has(region)) return;
    const page = devicePage - 1;
    const message = `application read of page ${page} was sent to copy ${copy} (${disk.name}), which is under `
      + `recovery and whose region ${region} was never copied`;
    this.log.report('readFromUnsynced', message, [
      `copy ${copy} went down level and is being recovered`,
      `region ${region} of it has not been made durable by the recovery`,
      `the read of page ${page} was sent to it anyway at ${formatShortUs(this.kernel.nowUs)}`,
    ]);
  }

  pageWritten(disk: SimulatedDisk, devicePage: number, token: ContentToken, previous: ContentToken, fromRange: boolean): void {
    const copy = this.copyOf.get(disk.name);
    if (copy === undefined) return;
    if (devicePage === STATUS_PAGE) return this.statusWritten(disk.name, token);
    // Overwriting a version in doubt (never acknowledged, and never will be) is what a resync is for.
    if (fromRange && token < previous && !(this.doubtful.get(devicePage - 1)?.has(previous) ?? false)) {
      this.log.report('olderOverNewer', `recovery wrote version ${token} over version ${previous} of page ${devicePage - 1} on copy ${copy}`, [
        `version ${previous} of page ${devicePage - 1} reached copy ${copy} while its region was being recovered`,
        `the recovery had read the region from the good copy before that write, and wrote the older data over it at ${formatShortUs(this.kernel.nowUs)}`,
      ]);
    }
  }

  /** A recovery range write landed whole. */
  rangeWritten(disk: SimulatedDisk, firstDevicePage: number, pageCount: number): void {
    if (disk.name !== this.recoveringDisk) return;
    const first = Math.floor((firstDevicePage - 1) / this.regionPages);
    const last = Math.floor((firstDevicePage - 1 + pageCount - 1) / this.regionPages);
    // Only a range covering whole regions makes them durable (the TOC copy covers part of region 0 only).
    for (let region = first; region <= last; region += 1) {
      if ((firstDevicePage - 1) <= region * this.regionPages && firstDevicePage - 1 + pageCount >= Math.min((region + 1) * this.regionPages, disk.pageCount - 1)) this.durableRegions.add(region);
    }
  }

  private statusWritten(diskName: string, token: ContentToken): void {
    const entry = decodeStatus(token);
    if (entry.recoveryInProgress && this.recoveringDisk !== diskName) {
      this.recoveringDisk = diskName;
      // Regions made durable on another disk say nothing about this one.
      this.durableRegions.clear();
    } else if (!entry.recoveryInProgress && this.recoveringDisk === diskName) {
      this.recoveringDisk = undefined;
      this.durableRegions.clear();
    }
    if (entry.recoveryInProgress && entry.checkpointRegion === 0) this.durableRegions.clear();
  }

  /** At a system crash: every write in flight may or may not have landed. */
  crashed(inFlight: readonly (readonly [number, ContentToken])[]): void {
    for (const [pageIndex, token] of inFlight) {
      this.uncertainSet(pageIndex).add(token);
      this.doubt(pageIndex, token);
    }
    this.pendingReads.clear(); // their completions never reach the application
  }

  /**
   * The seed's preconditions, checked against the flags as persisted on the disks when a recovery starts.
   * A failed disk's entry cannot be read by anyone, so only working disks count.
   */
  recoveryStarted(forced: boolean): void {
    if (forced) return;
    const readable = this.disks.map((disk) => (disk === undefined || disk.failed ? undefined : decodeStatus(disk.peek(STATUS_PAGE))));
    const entries = readable.filter((entry) => entry !== undefined);
    const failed = entries.some((entry) => entry.recoveryFailed);
    const someoneSaysDownLevel = entries.some((entry) => entry.otherDownLevel);
    if (failed || !someoneSaysDownLevel) {
      this.log.report('recoveryPreconditions', `online recovery started although ${failed ? 'a previous recovery failed' : 'neither copy says the other is down level'}`, [
        `persisted flags: ${readable.map((entry, copy) => `copy ${copy} ${entry === undefined ? 'unreadable (disk failed)' : describeStatus(entry)}`).join('; ')}`,
        'the seed requires the recovery to terminate immediately; only the operator path may proceed',
      ]);
    }
  }

  /** No acknowledged write lost: every copy the persisted flags call good holds the latest acknowledged version. */
  checkAcknowledgedWrites(context: string): void {
    const entries = this.disks.map((disk) => (disk === undefined || disk.failed ? undefined : decodeStatus(disk.peek(STATUS_PAGE))));
    const good = ([0, 1] as const).filter((copy) => {
      const entry = entries[copy];
      const other = entries[copy === 0 ? 1 : 0];
      if (entry === undefined || (other?.otherDownLevel === true && !other.thisDownLevel)) return false;
      return !entry.thisDownLevel && !entry.recoveryInProgress && !entry.recoveryFailed;
    });
    if (good.length === 0 && this.acknowledged.size > 0) {
      this.log.report('acknowledgedWriteLost', `${context}: no copy is good, so ${this.acknowledged.size} acknowledged pages are lost`, []);
      return;
    }
    for (const copy of good) {
      const disk = this.disks[copy]!;
      for (const pageIndex of [...this.acknowledged.keys()].sort((a, b) => a - b)) {
        this.counts.checkedPages += 1;
        const token = disk.peek(pageIndex + 1);
        if (this.allowed(pageIndex, token)) continue;
        this.log.report('acknowledgedWriteLost', `${context}: copy ${copy} holds version ${token} of page ${pageIndex}, but version ${this.acknowledged.get(pageIndex)} was acknowledged`, [
          `version ${this.acknowledged.get(pageIndex)} of page ${pageIndex} was acknowledged to the application`,
          `copy ${copy} is marked good (${describeStatus(decodeStatus(disk.peek(STATUS_PAGE)))}) yet does not hold it`,
        ]);
        return;
      }
    }
  }

  /** After recovery completes with the volume quiet, both copies hold the same data (pages in doubt after a crash aside). */
  checkCopiesIdentical(): void {
    const [first, second] = this.disks;
    if (first === undefined || second === undefined) return;
    // Walked in page order without copying either disk (a whole volume's pages would be a spike at the end).
    for (const [devicePage, a, b] of differingPages(first, second)) {
      if (devicePage === STATUS_PAGE) continue;
      const pageIndex = devicePage - 1;
      if (this.uncertain.has(pageIndex) && this.allowed(pageIndex, a) && this.allowed(pageIndex, b)) continue;
      this.log.report('copiesDiffer', `after recovery, with the volume quiet, page ${pageIndex} holds version ${a} on copy 0 and ${b} on copy 1`, [
        `the latest acknowledged version of page ${pageIndex} is ${this.acknowledged.get(pageIndex) ?? 0}`,
        'the recovery finished and cleared its flags, yet the copies differ',
      ]);
      return;
    }
  }

  /** Copies may differ at a page in doubt (a write in flight at a crash landed on one copy only). */
  differenceExcused(pageIndex: number, first: ContentToken, second: ContentToken): boolean {
    return this.uncertain.has(pageIndex) && this.allowed(pageIndex, first) && this.allowed(pageIndex, second);
  }

  private allowed(pageIndex: number, token: ContentToken): boolean {
    return token === (this.acknowledged.get(pageIndex) ?? 0) || (this.uncertain.get(pageIndex)?.has(token) ?? false);
  }

  private uncertainSet(pageIndex: number): Set<ContentToken> {
    let set = this.uncertain.get(pageIndex);
    if (set === undefined) {
      set = new Set();
      this.uncertain.set(pageIndex, set);
    }
    return set;
  }
}

/** Bound on reads outstanding at once (a workload issuing faster than the disks serve would hit it). */
const MAX_PENDING_READS = 1_000_000;

export interface PendingRead {
  readonly pageIndex: number;
  readonly issuedUs: number;
  /** The versions the read may return; grows with every write to the page issued while it is outstanding. */
  readonly allowed: ContentToken[];
}

/** A write to `pageIndex` is issued (or fails) now: every read of that page outstanding may return it. */
export function allowDuringReads(reads: ReadonlyMap<number, PendingRead>, pageIndex: number, token: number): void {
  for (const read of reads.values()) if (read.pageIndex === pageIndex) allowVersion(read.allowed, token);
}

/** Adds a version to a read's allowed ones, once (a few at most: an array is cheaper than a Set here). */
export function allowVersion(allowed: ContentToken[], token: ContentToken): void {
  if (!allowed.includes(token)) allowed.push(token);
}
