// Online recovery of a duplexed volume, step by step as the seed describes: check the preconditions; mark
// the down-level copy recovery-in-progress; copy the internal tables under a gate; mark the good copy; then
// copy the data region by region under a gate while the volume stays in use, checkpointing each region once
// it is durable; clear the flags at the end.

import { assert, assertIndex } from '../assert.js';
import { type CopyIndex, OTHER } from './copy-index.js';
import type { RecoverableVolume } from './recoverable-volume.js';
import { CLEAN_STATUS } from './status-entry.js';

export interface RecoveryRequest {
  /** The operator path: skips the seed's preconditions (and resumes an interrupted recovery at its checkpoint). */
  readonly forced: boolean;
}

const RANGE_RETRIES = 3;

export class OnlineRecovery {
  readonly refusal: string | undefined;
  private good: CopyIndex = 0;
  private recovering: CopyIndex = 1;
  private region = 0;
  private readonly regionCount: number;
  private aborted = false;
  private finished = false;

  constructor(
    private readonly volume: RecoverableVolume,
    private readonly request: RecoveryRequest,
    private readonly done: (outcome: { ok: boolean; reason: string }) => void,
  ) {
    this.regionCount = Math.ceil(volume.geometry.pageCount / volume.geometry.regionPages);
    assertIndex(this.regionCount, Number.MAX_SAFE_INTEGER, 'region count');
    assert(this.regionCount > 0, 'a volume has at least one region');
    this.refusal = this.check();
  }

  private check(): string | undefined {
    const { status, statusPersisted, modes, policy } = this.volume;
    if (!this.request.forced && policy.checkPreconditions) {
      // Judged on the flags as persisted. An entry whose latest write failed is not known to be on its disk:
      // its "other copy down level" may not let a recovery go ahead, while a failure it was to record still
      // stops one (the cautious reading of an entry no one may be able to read back).
      const failed = status[0].recoveryFailed || status[1].recoveryFailed;
      if (failed) return 'a previous recovery failed (the operator path is needed)';
      const persisted = ([0, 1] as const).filter((copy) => statusPersisted[copy]).map((copy) => status[copy]);
      assert(persisted.length <= 2, 'at most two persisted status entries', persisted.length);
      if (!persisted.some((entry) => entry.otherDownLevel)) return 'neither copy says the other is down level';
    }
    const candidates = ([0, 1] as const).filter((copy) => modes[copy] !== 'inService');
    if (candidates.length !== 1) return candidates.length === 0 ? 'both copies are in service' : 'no copy is in service to recover from';
    this.recovering = candidates[0];
    this.good = OTHER[this.recovering];
    // Defence in depth: implied by the check above (exactly one copy not in service).
    if (modes[this.good] !== 'inService') return 'the good copy is not in service';
    assert(this.good !== this.recovering, 'recovery copies a copy onto itself');
    assert(modes[this.recovering] !== 'inService', 'the copy to recover is in service');
    return undefined;
  }

  begin(): void {
    const volume = this.volume;
    // Resume at the checkpoint only when the copy kept receiving writes since (an interrupted recovery).
    const resume = this.request.forced && volume.modes[this.recovering] === 'recovering';
    assert(this.refusal === undefined, 'a refused recovery was begun');
    this.region = resume ? volume.status[this.recovering].checkpointRegion : 0;
    assertIndex(this.region, this.regionCount + 1, 'region recovery starts at');
    volume.syncedBelowPage = Math.min(volume.geometry.pageCount, this.region * volume.geometry.regionPages);
    volume.setMode(this.recovering, 'recovering');
    volume.observer.recoveryStarted({ forced: this.request.forced, good: this.good, recovering: this.recovering, fromRegion: this.region, regionCount: this.regionCount });
    const entry = { ...volume.status[this.recovering], recoveryInProgress: true, thisDownLevel: false, otherDownLevel: false, recoveryFailed: false, checkpointRegion: this.region };
    // Defence in depth (the wait): a crash before it lands leaves the copy down level, recovered in full.
    volume.writeStatus(this.recovering, entry, (ok) => {
      if (!this.live()) return;
      if (!ok) return this.fail('could not mark the copy recovery in progress');
      this.copyRange(0, Math.min(volume.geometry.tocPages, volume.geometry.pageCount), true, () => {
        // The seed's order; a crash before it leaves the copy recovering from checkpoint 0 either way.
        volume.writeStatus(this.good, { ...volume.status[this.good], otherDownLevel: false }, () => {
          if (this.live()) this.copyNextRegion();
        });
      });
    });
  }

  abort(reason: string): void {
    if (this.finished) return;
    this.aborted = true;
    this.volume.gate.open();
    this.finish(false, reason);
  }

  private live(): boolean {
    return !this.aborted && !this.finished;
  }

  private copyNextRegion(): void {
    const volume = this.volume;
    const { regionPages, pageCount, pauseBetweenRegionsUs } = volume.geometry;
    if (this.region >= this.regionCount) return this.complete();
    const region = this.region;
    const firstPage = region * regionPages;
    const endPage = Math.min(pageCount, firstPage + regionPages);
    assertIndex(firstPage, endPage, 'first page of the region to copy');
    const afterCheckpoint = (): void => {
      // The synced boundary only moves forward, one region at a time, and only on the recovering copy.
      assert(volume.syncedBelowPage <= firstPage, 'the synced boundary moved past a region not yet copied');
      assert(this.region === region, 'regions copied out of order', this.region);
      assert(volume.modes[this.recovering] === 'recovering', 'region copied onto a copy not recovering');
      volume.syncedBelowPage = endPage;
      volume.observer.regionCopied(region, this.regionCount);
      this.region = region + 1;
      if (pauseBetweenRegionsUs > 0) volume.timer.after(pauseBetweenRegionsUs, () => this.live() && this.copyNextRegion());
      else this.copyNextRegion();
    };
    const checkpoint = (then: () => void): void => {
      volume.writeStatus(this.recovering, { ...volume.status[this.recovering], checkpointRegion: region + 1 }, (ok) => {
        if (!this.live()) return;
        if (!ok) return this.fail('could not persist the checkpoint');
        then();
      });
    };
    if (volume.policy.checkpointBeforeCopy) {
      checkpoint(() => this.copyRange(firstPage, endPage, volume.policy.gateRegions, afterCheckpoint));
    } else {
      this.copyRange(firstPage, endPage, volume.policy.gateRegions, () => checkpoint(afterCheckpoint));
    }
  }

  /** Copies volume pages [firstPage, endPage) from the good copy to the recovering one, optionally under the gate. */
  private copyRange(firstPage: number, endPage: number, gated: boolean, then: () => void, attempt = 0): void {
    const volume = this.volume;
    assertIndex(firstPage, endPage, 'first page of a copied range');
    assert(endPage <= volume.geometry.pageCount, 'a copied range ends inside the volume', endPage);
    assertIndex(attempt, RANGE_RETRIES, 'copy attempt');
    const transfer = (): void => {
      const pageCount = endPage - firstPage;
      volume.devices[this.good].readRange(firstPage + 1, pageCount, (read) => {
        if (!this.live()) return;
        if (!read.ok) return this.retry(firstPage, endPage, gated, then, attempt, `reading the good copy failed (${read.error})`);
        volume.devices[this.recovering].writeRange(firstPage + 1, pageCount, read.content, (written) => {
          if (!this.live()) return;
          if (!written.ok) return volume.markDownLevel(this.recovering, `recovery write failed (${written.error})`, () => {});
          if (gated) volume.gate.open();
          then();
        });
      });
    };
    if (gated) volume.gate.close(firstPage, endPage, () => this.live() && transfer());
    else transfer();
  }

  private retry(firstPage: number, endPage: number, gated: boolean, then: () => void, attempt: number, reason: string): void {
    if (gated) this.volume.gate.open();
    if (attempt + 1 >= RANGE_RETRIES) return this.fail(`${reason}, ${RANGE_RETRIES} times`);
    this.copyRange(firstPage, endPage, gated, then, attempt + 1);
  }

  private complete(): void {
    const volume = this.volume;
    // Defence in depth (the wait): the copy is whole; a crash before the flags land reopens it recovering.
    volume.writeStatus(this.recovering, { ...CLEAN_STATUS, inUse: true }, (ok) => {
      if (!this.live()) return;
      if (!ok) return this.fail('could not clear the recovery flags');
      assert(this.region === this.regionCount, 'recovery completed before its last region', this.region);
      assert(volume.modes[this.good] === 'inService', 'recovery completed without a good copy');
      volume.setMode(this.recovering, 'inService');
      volume.syncedBelowPage = 0;
      this.finish(true, 'both copies in service');
    });
  }

  private fail(reason: string): void {
    const volume = this.volume;
    volume.gate.open();
    this.finish(false, reason);
    // The volume's own path persists the flags in a crash-safe order (the good copy's first) and holds back
    // acknowledgements meanwhile; the copy's entry records that a recovery failed.
    assert(volume.modes[this.recovering] === 'recovering', 'a failing recovery lost its copy', this.recovering);
    volume.markDownLevel(this.recovering, `its recovery failed: ${reason}`, () => {});
    assert(volume.status[this.recovering].recoveryFailed, 'a failed recovery is recorded on its copy');
  }

  private finish(ok: boolean, reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.volume.observer.recoveryFinished({ ok, reason });
    this.done({ ok, reason });
  }
}
