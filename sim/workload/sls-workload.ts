// The applications of one system on the IASP copy varied on there: page writes and reads, object creates
// and destroys, pointer stores into the SYSASP and resolutions of old and new pointers, each kind at its own
// Poisson rate from its own random stream. The oracle hears every intent and every outcome. Like a real
// application's thread pool, a system's applications have at most MAX_OUTSTANDING_OPERATIONS operations
// outstanding: one that would exceed it is skipped and counted, never queued without bound.

import type { SingleLevelStore } from '../../src/sls/single-level-store.js';
import type { ApplicationRates } from '../scenario/geo-section.js';
import type { Kernel } from '../kernel/kernel.js';
import type { RandomStream, RandomStreams } from '../kernel/random.js';
import type { MirrorOracle } from '../oracle/mirror-oracle.js';
import type { ResolutionOracle } from '../oracle/resolution-oracle.js';
import type { SimulatedDisk } from '../world/simulated-disk.js';
import type { WriteLatencyRecord } from './write-latency.js';

type OperationKind = 'write' | 'read' | 'create' | 'destroy' | 'pointerStore' | 'resolve' | 'save';

const INTERVAL_FIELDS: Record<OperationKind, keyof ApplicationRates> = {
  write: 'writeIntervalUs', read: 'readIntervalUs', create: 'createIntervalUs',
  destroy: 'destroyIntervalUs', pointerStore: 'pointerStoreIntervalUs', resolve: 'resolveIntervalUs', save: 'saveIntervalUs',
};

/** A system's applications' bound on outstanding operations (a documented limit: skipped beyond it). */
export const MAX_OUTSTANDING_OPERATIONS = 256;

/** What the applications of one system did not do, and why (shown in the result, never silent). */
export interface WorkloadCounts {
  /** Operations skipped because MAX_OUTSTANDING_OPERATIONS were outstanding. */
  skippedOverloaded: number;
  /** Creates skipped because object content serials (CONTENT_LIMIT) are used up. */
  skippedContentCapacity: number;
  /** Creates the store failed, by error (rangesExhausted: a copy's documented range capacity). */
  readonly createsFailed: Record<string, number>;
}

export interface WorkloadContext {
  readonly resolutions: ResolutionOracle;
  readonly mirror: MirrorOracle;
  /** Next application page version (one counter for both systems, so versions order all writes). */
  nextVersion(): number;
  /** Whether this system holds the production role now (its writes and reads are judged). */
  isProduction(systemName: string): boolean;
  /** A system not holding the production role acknowledged an application write (for the split-brain check). */
  writeAcknowledgedOffProduction(systemName: string): void;
  /** Production write latency, one record for both systems (whichever holds the role). */
  readonly writeLatency: WriteLatencyRecord;
}

export class SystemWorkload {
  private running = false;
  private generation = 0;
  private sls: SingleLevelStore | undefined;
  private disk: SimulatedDisk | undefined;
  /** Objects this system's applications know about (ghost serials) and the pointer slots they stored. */
  private known: number[] = [];
  private readonly storedSlots: number[] = [];
  private readonly storedSlotSet = new Set<number>();
  private readonly streams: Record<OperationKind, RandomStream>;
  private readonly kinds;
  readonly counts: WorkloadCounts = { skippedOverloaded: 0, skippedContentCapacity: 0, createsFailed: {} };
  /** Operations outstanding from the current start (a restart begins a new count: old ones may never answer). */
  private outstanding = { count: 0 };

  constructor(
    private readonly kernel: Kernel,
    readonly systemName: string,
    private readonly rates: ApplicationRates,
    private readonly dataPageCount: number,
    private readonly pointerSlots: number,
    private readonly context: WorkloadContext,
    streams: RandomStreams,
  ) {
    const stream = (kind: OperationKind): RandomStream => streams.stream(`workload.${systemName}.${kind}`);
    this.streams = { write: stream('write'), read: stream('read'), create: stream('create'), destroy: stream('destroy'), pointerStore: stream('pointerStore'), resolve: stream('resolve'), save: stream('save') };
    this.kinds = { tick: kernel.kind(`workload.${systemName}`) };
  }

  /** Starts (or restarts) the applications on a copy just varied on; they know the objects that copy holds. */
  start(sls: SingleLevelStore, disk: SimulatedDisk): void {
    this.stop();
    this.sls = sls;
    this.disk = disk;
    this.running = true;
    this.outstanding = { count: 0 };
    this.known = [...this.context.resolutions.objects.values()].filter((object) => object.destroyedUs === undefined && this.context.resolutions.existsIn(object, disk)).map((object) => object.serial);
    const generation = this.generation;
    for (const kind of Object.keys(INTERVAL_FIELDS) as OperationKind[]) {
      const intervalUs = this.rates[INTERVAL_FIELDS[kind]];
      if (intervalUs !== undefined) this.loop(kind, intervalUs, generation);
    }
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    this.sls = undefined;
  }

  private loop(kind: OperationKind, meanIntervalUs: number, generation: number): void {
    const stream = this.streams[kind];
    this.kernel.schedule(Math.max(1, stream.exponentialUs(meanIntervalUs)), this.kinds.tick, () => {
      if (!this.running || this.generation !== generation) return;
      this.operate(kind, stream);
      this.loop(kind, meanIntervalUs, generation);
    });
  }

  /** Takes one outstanding-operation place; the returned function gives it back (once). */
  private admit(): (() => void) | undefined {
    const outstanding = this.outstanding;
    if (outstanding.count >= MAX_OUTSTANDING_OPERATIONS) {
      this.counts.skippedOverloaded += 1;
      return undefined;
    }
    outstanding.count += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      outstanding.count -= 1;
    };
  }

  private operate(kind: OperationKind, stream: RandomStream): void {
    const release = this.admit();
    if (release === undefined) return;
    this.issue(kind, stream, release);
  }

  private issue(kind: OperationKind, stream: RandomStream, release: () => void): void {
    const sls = this.sls!;
    const disk = this.disk!;
    const { resolutions, mirror } = this.context;
    const production = this.context.isProduction(this.systemName);
    switch (kind) {
      case 'write': {
        const pageIndex = stream.integer(this.dataPageCount);
        const version = this.context.nextVersion();
        const issuedUs = this.kernel.nowUs;
        if (production) mirror.writeIssued(pageIndex, version);
        return sls.writePage(pageIndex, version, (result) => {
          release();
          if (!production && result.ok) this.context.writeAcknowledgedOffProduction(this.systemName);
          if (!production) return;
          mirror.writeCompleted(pageIndex, version, result.ok);
          if (result.ok) this.context.writeLatency.record(this.kernel.nowUs, this.kernel.nowUs - issuedUs);
        });
      }
      case 'read': {
        const pageIndex = stream.integer(this.dataPageCount);
        const readId = production ? mirror.readIssued(pageIndex) : 0;
        return sls.readPage(pageIndex, (result) => {
          release();
          if (!production) return;
          if (result.ok && this.running) mirror.readCompleted(readId, result.token);
          else mirror.readAbandoned(readId);
        });
      }
      case 'create': {
        if (resolutions.objectSerialsLeft() === 0) {
          release();
          this.counts.skippedContentCapacity += 1;
          return;
        }
        const serial = resolutions.newObjectSerial();
        return sls.createObject(serial, (result) => {
          release();
          if (!result.ok) {
            this.counts.createsFailed[result.error] = (this.counts.createsFailed[result.error] ?? 0) + 1;
            return;
          }
          resolutions.objectCreated(serial, result.address, this.systemName, disk.name);
          if (this.disk === disk) this.known.push(serial);
        });
      }
      case 'destroy': {
        if (this.known.length === 0) return release();
        const index = stream.integer(this.known.length);
        const serial = this.known[index];
        this.known[index] = this.known[this.known.length - 1];
        this.known.pop();
        const object = resolutions.objects.get(serial)!;
        return sls.destroyObject(object.address, (result) => {
          release();
          if (result.ok) resolutions.objectDestroyed(serial);
        });
      }
      case 'pointerStore': {
        if (this.known.length === 0) return release();
        const serial = this.known[stream.integer(this.known.length)];
        const slot = stream.integer(this.pointerSlots);
        const label = resolutions.newPointerLabel(this.systemName, slot);
        resolutions.pointerStoring(label, serial, this.systemName, slot);
        if (!this.storedSlotSet.has(slot)) {
          this.storedSlotSet.add(slot);
          this.storedSlots.push(slot);
        }
        return sls.storePointer(slot, resolutions.objects.get(serial)!.address, label, release);
      }
      case 'save':
        return sls.saveRead((result) => {
          release();
          if (result.ok) this.kernel.probes.hit('workload.save');
        });
      case 'resolve': {
        if (this.storedSlots.length === 0) return release();
        const slot = this.storedSlots[stream.integer(this.storedSlots.length)];
        return sls.resolve(slot, (resolution) => {
          release();
          if (this.running && this.disk === disk) resolutions.resolved(this.systemName, slot, disk, resolution);
        });
      }
    }
  }
}
