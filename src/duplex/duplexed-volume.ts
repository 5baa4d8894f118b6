// A logical volume duplexed on two block devices (seed 003). Writes go to every copy in service or under
// recovery; reads come only from up-to-date data; a copy that fails a write is marked down level (persisted
// on the good copy before the write is acknowledged) and the volume goes on with the other.

import type { BlockDevice, ContentToken, ReadResult, WriteResult } from '../ports/block-device.js';
import type { Timer } from '../ports/timer.js';
import { assert, assertIndex } from '../assert.js';
import { type CopyIndex, OTHER } from './copy-index.js';
import { OnlineRecovery, type RecoveryRequest } from './online-recovery.js';
import type { CopyMode, RecoverableVolume, VolumeGeometry } from './recoverable-volume.js';
import { RegionGate } from './region-gate.js';
import type { RecoveryPolicy } from './recovery-policy.js';
import { CLEAN_STATUS, STATUS_PAGE, type StatusEntry, decodeStatus } from './status-entry.js';
import { StatusWriter } from './status-writer.js';
import type { VolumeObserver } from './volume-observer.js';

export type { CopyMode, VolumeGeometry } from './recoverable-volume.js';
export { OTHER } from './copy-index.js';

/** For each mode, the modes a copy may go to next (a copy only comes back into service through recovery). */
const MODE_TRANSITIONS: Readonly<Record<CopyMode, readonly CopyMode[]>> = {
  inService: ['inService', 'downLevel'],
  recovering: ['recovering', 'inService', 'downLevel'],
  downLevel: ['downLevel', 'recovering'],
};
const LAST_COPY_RETRIES = 3;
/** A read tries at most this many devices (two copies, and a replacement disk or two that came meanwhile). */
const MAX_READ_ATTEMPTS = 4;
/** Bound on acknowledgements held back while a down-level flag lands (the application's concurrency is far below). */
const MAX_WAITING_ACKNOWLEDGEMENTS = 1 << 20;
/** Reads of a status entry at open are retried this many times in all on a transient error. */
const STATUS_READ_RETRIES = 3;
/** Writes of a status entry are retried this many times in all on a transient error. */
const STATUS_WRITE_RETRIES = 5;

export class DuplexedVolume implements RecoverableVolume {
  readonly modes: [CopyMode, CopyMode] = ['downLevel', 'downLevel'];
  readonly status: [StatusEntry, StatusEntry] = [CLEAN_STATUS, CLEAN_STATUS];
  /**
   * Whether each copy's disk is known to hold `status` (read at open, or the latest write of it landed). A
   * copy whose status write failed holds an older entry, or none anyone can read: its flags do not count.
   */
  readonly statusPersisted: [boolean, boolean] = [true, true];
  /**
   * Bumped when a copy's contents may change other than by the volume's own writes (recovery rewrites it,
   * or a new disk replaces it): a write that landed on a copy counts as durable only in the same epoch.
   */
  private readonly contentEpochs: [number, number] = [0, 0];
  /** For a recovering copy: volume pages below this are synced. */
  syncedBelowPage = 0;
  readonly gate = new RegionGate();
  private recovery: OnlineRecovery | undefined;
  /** One writer per copy's device, so at most one write of a status page is outstanding at a time. */
  private readonly statusWriters: [StatusWriter, StatusWriter];

  constructor(
    readonly devices: [BlockDevice, BlockDevice],
    readonly geometry: VolumeGeometry,
    readonly timer: Timer,
    readonly policy: RecoveryPolicy,
    readonly observer: VolumeObserver,
  ) {
    assertIndex(geometry.pageCount, Number.MAX_SAFE_INTEGER, 'volume page count');
    assert(geometry.pageCount > 0, 'a volume has at least one page');
    assert(geometry.regionPages > 0, 'a recovery region has at least one page', geometry.regionPages);
    assert(Number.isSafeInteger(geometry.regionPages), 'region pages is an integer', geometry.regionPages);
    assertIndex(geometry.tocPages, geometry.pageCount + 1, 'TOC pages');
    for (const device of devices) {
      const room = device.pageCount >= geometry.pageCount + 1;
      assert(room, `${device.name} has room for the volume and its status page`, device.pageCount);
    }
    this.statusWriters = [new StatusWriter(devices[0], STATUS_WRITE_RETRIES), new StatusWriter(devices[1], STATUS_WRITE_RETRIES)];
  }

  private get regionCount(): number {
    return Math.ceil(this.geometry.pageCount / this.geometry.regionPages);
  }

  /** Changes a copy's mode, asserting the transition is one the seed allows. */
  setMode(copy: CopyIndex, mode: CopyMode): void {
    const from = this.modes[copy];
    if (!MODE_TRANSITIONS[from].includes(mode)) assert(false, `copy ${copy} may not go from ${from} to ${mode}`);
    // At most one copy recovers, and only from a copy in service (or one that just failed under it).
    if (mode === 'recovering') assert(this.modes[OTHER[copy]] !== 'recovering', 'both copies recovering');
    if (mode === 'recovering' && from !== 'recovering') this.contentEpochs[copy] += 1;
    this.modes[copy] = mode;
  }

  get recoveryActive(): boolean {
    return this.recovery !== undefined;
  }

  /** Reads both status entries and decides what each copy may do; after a crash, rebuilds the in-memory state. */
  open(done: () => void): void {
    let pending = 2;
    const unreadable: CopyIndex[] = [];
    const blank: [boolean, boolean] = [false, false];
    const readEntry = (copy: CopyIndex, tries: number): void => {
      this.devices[copy].read(STATUS_PAGE, (result) => {
        if (!result.ok && result.error === 'ioError' && tries + 1 < STATUS_READ_RETRIES) return readEntry(copy, tries + 1);
        if (result.ok) {
          this.status[copy] = decodeStatus(result.token);
          blank[copy] = result.token === 0;
        } else {
          this.status[copy] = { ...CLEAN_STATUS, thisDownLevel: true };
          this.statusPersisted[copy] = false;
          unreadable.push(copy);
        }
        pending -= 1;
        if (pending === 0) this.decideModes(unreadable, blank, () => this.whenStatusDurable(done));
      });
    };
    for (const copy of [0, 1] as const) readEntry(copy, 0);
  }

  /** Runs `then` once every status write issued so far has completed. */
  private whenStatusDurable(then: () => void): void {
    if (this.statusWritesPending === 0) then();
    else this.waitingForDurableStatus.push(then);
  }

  private decideModes(unreadable: readonly CopyIndex[], blank: readonly [boolean, boolean], done: () => void): void {
    for (const copy of [0, 1] as const) {
      const entry = this.status[copy];
      const other = this.status[OTHER[copy]];
      // Either entry can say a copy is down level: its own, or the good copy's "other copy down level" (a
      // replacement disk reads clean, and a failed disk never received its own flag).
      const calledDownLevel = other.otherDownLevel && !other.thisDownLevel;
      if (entry.recoveryFailed || entry.thisDownLevel || calledDownLevel) this.modes[copy] = 'downLevel';
      else if (entry.recoveryInProgress) {
        // Interrupted recovery: the copy is synced below its checkpoint and keeps receiving writes, but needs
        // the operator path to finish (the seed's flags now satisfy neither precondition).
        this.modes[copy] = 'recovering';
        this.syncedBelowPage = Math.min(this.geometry.pageCount, entry.checkpointRegion * this.geometry.regionPages);
      } else this.modes[copy] = 'inService';
    }
    assert(this.modes[0] !== 'recovering' || this.modes[1] !== 'recovering', 'both copies opened as recovering');
    assertIndex(this.syncedBelowPage, this.geometry.pageCount + 1, 'synced boundary at open');
    const unclean = this.status[0].inUse || this.status[1].inUse;
    for (const copy of [0, 1] as const) if (this.modes[copy] !== 'downLevel') this.writeStatus(copy, { ...this.status[copy], inUse: true }, () => {});
    // A copy whose entry cannot be read is down level; say so on the other copy too, so a later open agrees.
    for (const copy of unreadable) this.markDownLevel(copy, 'its status entry could not be read', () => {});
    // A status page never written, beside one that was, is a new disk whose flags never landed (the crash came
    // before them): it holds no data of this volume. Say so on the good copy, as for any copy found down level.
    for (const copy of [0, 1] as const) {
      const other = OTHER[copy];
      if (!blank[copy] || blank[other] || this.modes[other] !== 'inService' || this.modes[copy] === 'downLevel') continue;
      this.markDownLevel(copy, 'its status entry was never written: a new disk', () => {});
    }
    if (unclean && this.modes[0] === 'inService' && this.modes[1] === 'inService') {
      // After an unclean stop the copies may differ where writes were in flight: resynchronise copy 1 from
      // copy 0 online, as a mirrored volume without a write-intent log must.
      const reason = 'unclean shutdown: writes in flight may have reached only one copy';
      this.markDownLevel(1, reason, () => {
        this.startRecovery({ forced: false }, () => {});
        done();
      }, true);
      return;
    }
    done();
  }

  write(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void {
    assertIndex(pageIndex, this.geometry.pageCount, 'volume page written');
    this.gate.admitWrite(pageIndex, () => this.writeCopies(pageIndex, token, done));
  }

  private writeCopies(pageIndex: number, token: ContentToken, done: (result: WriteResult) => void): void {
    const targets = ([0, 1] as const).filter((copy) => this.modes[copy] !== 'downLevel');
    if (targets.length === 0) {
      done({ ok: false, error: 'deviceFailed' });
      return;
    }
    this.gate.writeStarted(pageIndex);
    let pending = targets.length;
    /** For each copy the write landed on while in service, the copy's content epoch then. */
    const landed: [number | undefined, number | undefined] = [undefined, undefined];
    const finish = (): void => {
      pending -= 1;
      assert(pending >= 0, 'a copy write completed twice', pageIndex);
      if (pending > 0) return;
      this.gate.writeFinished(pageIndex);
      // Judged once the down-level flags have landed: a copy that could not take its flag meanwhile was found
      // lost, and a write that landed only there is not durable.
      this.afterDownLevelDurable(() => {
        done(this.heldInService(landed) ? { ok: true } : { ok: false, error: 'deviceFailed' });
      });
    };
    const attempt = (copy: CopyIndex, tries: number): void => {
      this.devices[copy].write(pageIndex + 1, token, (result) => {
        if (result.ok) {
          // Only an in-service copy makes a write durable: a recovering copy may yet be overwritten by recovery.
          if (this.modes[copy] === 'inService') landed[copy] = this.contentEpochs[copy];
          finish();
        } else if (this.modes[OTHER[copy]] !== 'inService' && this.modes[copy] === 'inService') {
          // The last good copy is never marked down level: retry it, then report the error to the caller.
          if (tries + 1 < LAST_COPY_RETRIES && result.error === 'ioError') attempt(copy, tries + 1);
          else finish();
        } else this.markDownLevel(copy, `write of page ${pageIndex} failed (${result.error})`, finish, true);
      });
    };
    for (const copy of targets) attempt(copy, 0);
  }

  /** Whether a copy the write landed on in service is in service still, its contents unchanged since. */
  private heldInService(landed: readonly [number | undefined, number | undefined]): boolean {
    return ([0, 1] as const).some((copy) => {
      const epoch = landed[copy];
      if (epoch === undefined) return false;
      assert(epoch <= this.contentEpochs[copy], 'a write landed in a content epoch still to come', epoch);
      return this.modes[copy] === 'inService' && epoch === this.contentEpochs[copy];
    });
  }

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    assertIndex(pageIndex, this.geometry.pageCount, 'volume page read');
    const tried: BlockDevice[] = [];
    // The copies a read may come from are chosen again at each attempt: by the time the first one fails,
    // the other copy may have gone down level, or been replaced and be recovering from region 0.
    const attempt = (): void => {
      const candidates = this.readCandidates(pageIndex);
      assert(candidates.length <= 2, 'a read has at most two candidate copies', candidates.length);
      const next = candidates.find((copy) => !tried.includes(this.devices[copy]));
      if (next === undefined || tried.length >= MAX_READ_ATTEMPTS) {
        done({ ok: false, error: 'ioError' });
        return;
      }
      const device = this.devices[next];
      tried.push(device);
      device.read(pageIndex + 1, (result) => (result.ok ? done(result) : attempt()));
    };
    attempt();
  }

  /** Copies a read may come from, best first: in service, then a recovering copy's synced part. */
  private readCandidates(pageIndex: number): CopyIndex[] {
    const candidates: CopyIndex[] = [];
    for (const copy of [0, 1] as const) if (this.modes[copy] === 'inService') candidates.push(copy);
    for (const copy of [0, 1] as const) {
      if (this.modes[copy] !== 'recovering') continue;
      if (this.policy.readFromRecovering) candidates.unshift(copy);
      // Defence in depth (covers): synced pages are gated only while a resumed recovery copies the tables.
      else if (pageIndex < this.syncedBelowPage && !this.gate.covers(pageIndex)) candidates.push(copy);
    }
    return candidates;
  }

  /**
   * Marks a copy down level: persisted on the good copy (and, best effort, on the copy itself) before `done`.
   * If the good copy cannot take the flag, it is the copy lost. An `undoable` mark (of a copy that was in
   * service and holds every acknowledged write: one write of it failed, or an unclean stop) is then undone
   * and the other copy marked instead. Never undoable: a new disk (it holds nothing), and the mark made
   * by an undo (so two failing copies never hand the mark back and forth).
   */
  markDownLevel(copy: CopyIndex, reason: string, done: () => void, undoable = false): void {
    const wasRecovering = this.modes[copy] === 'recovering';
    const wasInService = this.modes[copy] === 'inService';
    const device = this.devices[copy];
    const entryBefore = this.status[copy];
    if (this.modes[copy] !== 'downLevel') this.observer.copyDownLevel(copy, reason);
    this.setMode(copy, 'downLevel');
    if (wasRecovering && this.recovery) this.recovery.abort(`the recovering copy failed: ${reason}`);
    const other = OTHER[copy];
    const ownEntry = { ...this.status[copy], thisDownLevel: true, otherDownLevel: false, recoveryInProgress: false, recoveryFailed: wasRecovering || this.status[copy].recoveryFailed };
    if (this.modes[other] === 'downLevel') {
      this.writeStatus(copy, ownEntry, () => {});
      done();
      return;
    }
    // The good copy's "other copy down level" lands first, the failed copy's own flag after it: a crash between
    // the two then leaves flags the seed's preconditions accept, never "this copy down level" with no one
    // saying so (which only the operator path could get out of).
    this.status[copy] = ownEntry;
    this.statusWritesPending += 1;
    this.downLevelFlagsPending += 1;
    this.writeStatus(other, { ...this.status[other], otherDownLevel: true, thisDownLevel: false }, (landed) => {
      this.statusWritesPending -= 1;
      this.downLevelFlagsPending -= 1;
      assert(this.downLevelFlagsPending >= 0, 'a down-level flag landed twice', this.downLevelFlagsPending);
      // Undone only while the mark is still the one made here: same disk, still down level, and the other
      // copy not recovering (a copy back in service must have missed nothing a recovery would bring).
      const sameMark = this.modes[copy] === 'downLevel' && this.devices[copy] === device;
      if (!landed && undoable && wasInService && sameMark && this.modes[other] !== 'recovering') {
        this.reinstate(copy, entryBefore, reason);
      } else this.writeStatus(copy, this.status[copy], () => {});
      // After a reinstatement the other copy's mark now holds the acknowledgements back in turn.
      if (this.downLevelFlagsPending === 0) for (const waiting of this.waitingForDownLevelFlags.splice(0)) waiting();
      done();
    });
  }

  /**
   * Undoes a mark that never landed. The copy holds every write acknowledged since it was marked (each waited
   * for the flag) and its own flag was not written yet, so it goes back to service with its entry as on its
   * disk, and the copy that could not take the flag is marked down level on it instead. A write that landed
   * only on that copy meanwhile is then reported failed (see `heldInService`).
   */
  private reinstate(copy: CopyIndex, entryBefore: StatusEntry, reason: string): void {
    const other = OTHER[copy];
    assert(this.modes[copy] === 'downLevel', 'a copy reinstated that is not down level', copy);
    assert(this.recovery === undefined, 'a copy reinstated while a recovery runs', copy);
    assert(this.modes[other] !== 'recovering', 'a copy reinstated beside a recovering one', copy);
    this.modes[copy] = 'inService';
    this.status[copy] = entryBefore;
    this.observer.copyReinstated(copy, `copy ${other} could not record it down level (${reason})`);
    this.markDownLevel(other, 'its status entry could not be written', () => {});
    assert(this.modes[other] === 'downLevel', 'the copy that lost its flag is down level', other);
  }

  /**
   * Persists a status entry (the in-memory copy changes at once; `done` when the write completes). A
   * transient error is retried: the flags are what recovery decisions are judged on, so they must land.
   */
  writeStatus(copy: CopyIndex, entry: StatusEntry, done: (ok: boolean) => void): void {
    // A checkpoint names a region of this volume, or the end of the last one.
    assertIndex(entry.checkpointRegion, this.regionCount + 1, 'checkpoint region');
    this.status[copy] = entry;
    this.statusWritesPending += 1;
    const writer = this.statusWriters[copy];
    assert(writer.device === this.devices[copy], 'a status entry is written through its own device', copy);
    writer.write(entry, (ok) => {
      // A write through a disk since replaced says nothing about the new disk's entry.
      if (this.statusWriters[copy] === writer) this.statusPersisted[copy] = ok;
      this.statusWritesPending -= 1;
      assert(this.statusWritesPending >= 0, 'a status write completed twice', this.statusWritesPending);
      done(ok);
      if (this.statusWritesPending === 0) for (const waiting of this.waitingForDurableStatus.splice(0)) waiting();
    });
  }

  private statusWritesPending = 0;
  /**
   * Down-level flags not yet durable on the good copy. A write completing meanwhile may have skipped that copy,
   * so it is acknowledged only once the flag has landed: a crash before it must not leave a copy that missed
   * an acknowledged write looking good (or recovering, and readable below its checkpoint).
   */
  private downLevelFlagsPending = 0;
  private readonly waitingForDownLevelFlags: (() => void)[] = [];

  private afterDownLevelDurable(then: () => void): void {
    if (this.downLevelFlagsPending === 0) return then();
    assert(this.waitingForDownLevelFlags.length < MAX_WAITING_ACKNOWLEDGEMENTS, 'too many writes waiting for a flag');
    this.waitingForDownLevelFlags.push(then);
  }
  private readonly waitingForDurableStatus: (() => void)[] = [];

  /** Starts online recovery of the down-level copy. `forced` is the operator path that skips the seed's preconditions. */
  startRecovery(request: RecoveryRequest, done: (outcome: { ok: boolean; reason: string }) => void): void {
    // The preconditions are judged on flags as persisted, so wait until every status update is durable.
    if (this.statusWritesPending > 0) {
      this.waitingForDurableStatus.push(() => this.startRecovery(request, done));
      return;
    }
    if (this.recovery !== undefined) {
      this.observer.recoveryRefused('a recovery is already running');
      done({ ok: false, reason: 'a recovery is already running' });
      return;
    }
    const recovery = new OnlineRecovery(this, request, (outcome) => {
      if (this.recovery === recovery) this.recovery = undefined;
      done(outcome);
    });
    if (recovery.refusal !== undefined) {
      this.observer.recoveryRefused(recovery.refusal);
      done({ ok: false, reason: recovery.refusal });
      return;
    }
    this.recovery = recovery;
    recovery.begin();
  }

  /** A replacement disk: the copy starts blank and down level; recovery brings it back. */
  replaceDevice(copy: CopyIndex, device: BlockDevice, done: () => void): void {
    const room = device.pageCount >= this.geometry.pageCount + 1;
    assert(room, `replacement ${device.name} has room for the volume`, device.pageCount);
    this.devices[copy] = device;
    this.statusWriters[copy] = new StatusWriter(device, STATUS_WRITE_RETRIES);
    // A new disk's never-written status page reads as a clean entry; its contents are of no epoch before.
    this.status[copy] = CLEAN_STATUS;
    this.statusPersisted[copy] = true;
    this.contentEpochs[copy] += 1;
    this.markDownLevel(copy, 'disk replaced by a new one', done);
  }
}
