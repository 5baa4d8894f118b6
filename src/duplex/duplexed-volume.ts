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
import { CLEAN_STATUS, STATUS_PAGE, type StatusEntry, decodeStatus, encodeStatus } from './status-entry.js';
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
/** Reads of a status entry at open are retried this many times in all on a transient error. */
const STATUS_READ_RETRIES = 3;
/** Writes of a status entry are retried this many times in all on a transient error. */
const STATUS_WRITE_RETRIES = 5;

export class DuplexedVolume implements RecoverableVolume {
  readonly modes: [CopyMode, CopyMode] = ['downLevel', 'downLevel'];
  readonly status: [StatusEntry, StatusEntry] = [CLEAN_STATUS, CLEAN_STATUS];
  /** For a recovering copy: volume pages below this are synced. */
  syncedBelowPage = 0;
  readonly gate = new RegionGate();
  private recovery: OnlineRecovery | undefined;

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
  }

  private get regionCount(): number {
    return Math.ceil(this.geometry.pageCount / this.geometry.regionPages);
  }

  /** Changes a copy's mode, asserting the transition is one the seed allows. */
  setMode(copy: CopyIndex, mode: CopyMode): void {
    const from = this.modes[copy];
    assert(MODE_TRANSITIONS[from].includes(mode), `copy ${copy} may not go from ${from} to ${mode}`);
    // At most one copy recovers, and only from a copy in service (or one that just failed under it).
    if (mode === 'recovering') assert(this.modes[OTHER[copy]] !== 'recovering', 'both copies recovering');
    this.modes[copy] = mode;
  }

  get recoveryActive(): boolean {
    return this.recovery !== undefined;
  }

  /** Reads both status entries and decides what each copy may do; after a crash, rebuilds the in-memory state. */
  open(done: () => void): void {
    let pending = 2;
    const unreadable: CopyIndex[] = [];
    const readEntry = (copy: CopyIndex, tries: number): void => {
      this.devices[copy].read(STATUS_PAGE, (result) => {
        if (!result.ok && result.error === 'ioError' && tries + 1 < STATUS_READ_RETRIES) return readEntry(copy, tries + 1);
        if (result.ok) this.status[copy] = decodeStatus(result.token);
        else {
          this.status[copy] = { ...CLEAN_STATUS, thisDownLevel: true };
          unreadable.push(copy);
        }
        pending -= 1;
        if (pending === 0) this.decideModes(unreadable, done);
      });
    };
    for (const copy of [0, 1] as const) readEntry(copy, 0);
  }

  private decideModes(unreadable: readonly CopyIndex[], done: () => void): void {
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
    if (unclean && this.modes[0] === 'inService' && this.modes[1] === 'inService') {
      // After an unclean stop the copies may differ where writes were in flight: resynchronise copy 1 from
      // copy 0 online, as a mirrored volume without a write-intent log must.
      this.markDownLevel(1, 'unclean shutdown: writes in flight may have reached only one copy', () => {
        this.startRecovery({ forced: false }, () => {});
        done();
      });
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
    let succeeded = 0;
    const finish = (): void => {
      pending -= 1;
      assert(pending >= 0, 'a copy write completed twice', pageIndex);
      if (pending > 0) return;
      assert(succeeded <= targets.length, 'more copies succeeded than were written', succeeded);
      this.gate.writeFinished(pageIndex);
      done(succeeded > 0 ? { ok: true } : { ok: false, error: 'deviceFailed' });
    };
    const attempt = (copy: CopyIndex, tries: number): void => {
      this.devices[copy].write(pageIndex + 1, token, (result) => {
        if (result.ok) {
          // Only an in-service copy makes a write durable: a recovering copy may yet be overwritten by recovery.
          if (this.modes[copy] === 'inService') succeeded += 1;
          finish();
        } else if (this.modes[OTHER[copy]] !== 'inService' && this.modes[copy] === 'inService') {
          // The last good copy is never marked down level: retry it, then report the error to the caller.
          if (tries + 1 < LAST_COPY_RETRIES && result.error === 'ioError') attempt(copy, tries + 1);
          else finish();
        } else this.markDownLevel(copy, `write of page ${pageIndex} failed (${result.error})`, finish);
      });
    };
    for (const copy of targets) attempt(copy, 0);
  }

  read(pageIndex: number, done: (result: ReadResult) => void): void {
    assertIndex(pageIndex, this.geometry.pageCount, 'volume page read');
    const candidates = this.readCandidates(pageIndex);
    assert(candidates.length <= 2, 'a read has at most two candidate copies', candidates.length);
    const attempt = (index: number): void => {
      if (index >= candidates.length) {
        done({ ok: false, error: 'ioError' });
        return;
      }
      this.devices[candidates[index]].read(pageIndex + 1, (result) => (result.ok ? done(result) : attempt(index + 1)));
    };
    attempt(0);
  }

  /** Copies a read may come from, best first: in service, then a recovering copy's synced part. */
  private readCandidates(pageIndex: number): CopyIndex[] {
    const candidates: CopyIndex[] = [];
    for (const copy of [0, 1] as const) if (this.modes[copy] === 'inService') candidates.push(copy);
    for (const copy of [0, 1] as const) {
      if (this.modes[copy] !== 'recovering') continue;
      if (this.policy.readFromRecovering) candidates.unshift(copy);
      else if (pageIndex < this.syncedBelowPage && !this.gate.covers(pageIndex)) candidates.push(copy);
    }
    return candidates;
  }

  /** Marks a copy down level: persisted on the good copy (and, best effort, on the copy itself) before `done`. */
  markDownLevel(copy: CopyIndex, reason: string, done: () => void): void {
    const wasRecovering = this.modes[copy] === 'recovering';
    if (this.modes[copy] !== 'downLevel') this.observer.copyDownLevel(copy, reason);
    this.setMode(copy, 'downLevel');
    if (wasRecovering && this.recovery) this.recovery.abort(`the recovering copy failed: ${reason}`);
    const other = OTHER[copy];
    this.writeStatus(copy, { ...this.status[copy], thisDownLevel: true, otherDownLevel: false, recoveryInProgress: false, recoveryFailed: wasRecovering || this.status[copy].recoveryFailed }, () => {});
    if (this.modes[other] === 'downLevel') {
      done();
      return;
    }
    this.writeStatus(other, { ...this.status[other], otherDownLevel: true, thisDownLevel: false }, () => done());
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
    const attempt = (tries: number): void => {
      this.devices[copy].write(STATUS_PAGE, encodeStatus(entry), (result) => {
        if (!result.ok && result.error === 'ioError' && tries + 1 < STATUS_WRITE_RETRIES) return attempt(tries + 1);
        this.statusWritesPending -= 1;
        assert(this.statusWritesPending >= 0, 'a status write completed twice', this.statusWritesPending);
        done(result.ok);
        if (this.statusWritesPending === 0) for (const waiting of this.waitingForDurableStatus.splice(0)) waiting();
      });
    };
    attempt(0);
  }

  private statusWritesPending = 0;
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
    this.status[copy] = CLEAN_STATUS;
    this.markDownLevel(copy, 'disk replaced by a new one', done);
  }
}
