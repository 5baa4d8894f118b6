// The oracle of geographic mirroring: ghost versions of every application page write, and the checks of
// DESIGN 5 for mirroring — no acknowledged write lost, reads return the latest acknowledged version, no use
// of a copy that is being synchronised, no older version over a newer one, copies identical after a quiet
// synchronisation, tracking never misses a differing page, promotion rules.

import { DATA_FIRST_PAGE } from '../../src/sls/iasp-layout.js';
import type { Kernel } from '../kernel/kernel.js';
import { formatShortUs } from '../kernel/time.js';
import type { SimulatedDisk } from '../world/simulated-disk.js';
import type { ViolationLog } from './violations.js';

export class MirrorOracle {
  /** Latest acknowledged version of each application page (by page index within the data area). */
  private readonly acknowledged = new Map<number, number>();
  /** Versions issued and not yet completed, per page. */
  private readonly inFlight = new Map<number, Set<number>>();
  /** Versions that may or may not have landed (in flight at a crash), per page, until the next acknowledgement. */
  private readonly doubtful = new Map<number, Set<number>>();
  /** Which side wrote each version: production versions must never be overwritten by older ones. */
  private readonly productionVersions = new Set<number>();
  /** The disk of the copy currently receiving mirroring. */
  targetDisk: SimulatedDisk | undefined;
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
    const previous = this.acknowledged.get(pageIndex) ?? 0;
    if (token > previous) {
      this.acknowledged.set(pageIndex, token);
      this.doubtful.delete(pageIndex);
    }
  }

  /** The production system crashed: what was in flight may have landed or not. */
  productionCrashed(): void {
    for (const [pageIndex, tokens] of this.inFlight) for (const token of tokens) this.doubt(pageIndex, token);
    this.inFlight.clear();
  }

  readCompleted(pageIndex: number, token: number): void {
    this.counts.reads += 1;
    if (this.allowed(pageIndex, token)) return;
    this.log.report('staleRead', `read of page ${pageIndex} returned version ${token}, but the latest acknowledged version is ${this.acknowledged.get(pageIndex) ?? 0}`, [
      `page ${pageIndex} was last acknowledged with version ${this.acknowledged.get(pageIndex) ?? 0} on the production copy`,
      `the production system read version ${token} at ${formatShortUs(this.kernel.nowUs)}`,
    ]);
  }

  /** The disk hook on the copy receiving mirroring: a synchronisation must never put an older version over a newer. */
  pageWritten(disk: SimulatedDisk, devicePage: number, token: number, previous: number, fromRange: boolean): void {
    if (!fromRange || disk !== this.targetDisk) return;
    const pageIndex = devicePage - DATA_FIRST_PAGE;
    if (pageIndex < 0 || pageIndex >= this.dataPageCount) return;
    if (previous === 0 || token >= previous || !this.productionVersions.has(previous)) return;
    if (this.doubtful.get(pageIndex)?.has(previous)) return;
    this.log.report('olderOverNewer', `synchronisation wrote version ${token} over version ${previous} of page ${pageIndex} on copy ${disk.name}`, [
      `version ${previous} of page ${pageIndex} was replicated to copy ${disk.name} while its region was being synchronised`,
      `the synchronisation had read the region from production before that write and wrote the older data over it at ${formatShortUs(this.kernel.nowUs)}`,
    ]);
  }

  /** A partial synchronisation starts: every page that differs between the copies must be in its plan. */
  syncPlanned(full: boolean, pages: readonly number[] | null, source: SimulatedDisk, target: SimulatedDisk): void {
    this.counts.syncs += 1;
    if (full || pages === null) return;
    this.counts.partialSyncs += 1;
    const planned = new Set(pages);
    const missed = differingPages(source, target).filter((page) => !planned.has(page));
    if (missed.length === 0) return;
    this.log.report('trackingMissedPage', `a partial synchronisation from ${source.name} to ${target.name} plans ${pages.length} pages but misses ${missed.length} that differ (first: page ${missed[0]})`, [
      `the copies differ at pages ${missed.slice(0, 8).join(', ')}${missed.length > 8 ? ', ...' : ''}`,
      'change tracking should have recorded every page written on either side since the copies were last in step',
      'those pages will keep their old content on the mirror copy after the synchronisation',
    ]);
  }

  /** The target varied its copy on in the given mirroring state. */
  targetVariedOn(state: string, disk: string): void {
    if (state !== 'mirroring') return;
    this.log.report('readFromUnsynced', `copy ${disk} was varied on while mirroring is active or synchronising`, [
      'the mirror copy may be varied on only after a detach (or a promotion)',
      `the target system varied it on at ${formatShortUs(this.kernel.nowUs)} and reads pages that production is still writing`,
    ]);
  }

  promotion(forced: boolean, allowed: boolean, targetState: string, promoted: SimulatedDisk, syncMode: boolean): void {
    if (allowed && !forced && targetState !== 'active') {
      this.log.report('promotionRule', `copy ${promoted.name} was promoted while ${targetState}, without force`, [
        'a suspended, detached or synchronizing copy may become production only when forced',
        `the promotion at ${formatShortUs(this.kernel.nowUs)} was neither refused nor forced`,
      ]);
    }
    if (!allowed) return;
    // An unforced promotion of an in-step synchronous copy loses nothing: it must hold every acknowledged
    // write, and reads after it are judged against them. Otherwise the loss was accepted: start afresh.
    if (!forced && syncMode && targetState === 'active') this.checkHolds(promoted, 'at the promotion');
    else this.rebaseline(promoted);
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

  private checkHolds(disk: SimulatedDisk, context: string): void {
    for (const pageIndex of [...this.acknowledged.keys()].sort((a, b) => a - b)) {
      this.counts.checkedPages += 1;
      const token = disk.peek(DATA_FIRST_PAGE + pageIndex);
      if (this.allowed(pageIndex, token)) continue;
      this.log.report('acknowledgedWriteLost', `${context}: copy ${disk.name} holds version ${token} of page ${pageIndex}, but version ${this.acknowledged.get(pageIndex)} was acknowledged`, [
        `version ${this.acknowledged.get(pageIndex)} of page ${pageIndex} was acknowledged to the application`,
        `copy ${disk.name} does not hold it ${context}`,
      ]);
      return;
    }
  }

  /** After a promotion the promoted copy is the truth: what it holds is the new baseline. */
  private rebaseline(disk: SimulatedDisk): void {
    this.acknowledged.clear();
    this.doubtful.clear();
    this.productionVersions.clear();
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
  }
}

/** Pages whose content differs between two disks, ascending (cost follows the pages written). */
export function differingPages(first: SimulatedDisk, second: SimulatedDisk): number[] {
  const pages = new Set<number>();
  for (const [pageIndex, token] of first.writtenPages()) if (second.peek(pageIndex) !== token) pages.add(pageIndex);
  for (const [pageIndex, token] of second.writtenPages()) if (first.peek(pageIndex) !== token) pages.add(pageIndex);
  return [...pages].sort((a, b) => a - b);
}
