// The application on a duplexed volume: page writes and reads at Poisson rates, uniform or skewed (80% of
// requests to the first 20% of pages), never two writes in flight to one page; it records write latency.

import type { DuplexedVolume } from '../../src/duplex/duplexed-volume.js';
import type { Kernel } from '../kernel/kernel.js';
import type { RandomStream } from '../kernel/random.js';
import type { VolumeOracle } from '../oracle/volume-oracle.js';
import { PageMap } from '../world/page-map.js';
import { WriteLatencyRecord } from './write-latency.js';

export interface VolumeWorkloadSpec {
  readonly writeIntervalUs?: number;
  readonly readIntervalUs?: number;
  readonly pattern: 'uniform' | 'skewed';
}

export class VolumeWorkload {
  running = false;
  private volume: DuplexedVolume | undefined;
  private readonly writing = new Set<number>();
  private readonly writtenPages: number[] = [];
  /** Pages ever written (as token 1), beside `writtenPages` in first-write order. */
  private readonly everWritten = new PageMap();
  private nextToken = 2;
  /** Latency of every acknowledged write, kept as a bucketed series and a histogram (fixed size). */
  readonly writeLatency = new WriteLatencyRecord();
  private readonly writeKind;
  private readonly readKind;

  constructor(
    private readonly kernel: Kernel,
    private readonly spec: VolumeWorkloadSpec,
    private readonly pageCount: number,
    private readonly oracle: VolumeOracle,
    private readonly stream: RandomStream,
  ) {
    this.writeKind = kernel.kind('workload.write');
    this.readKind = kernel.kind('workload.read');
  }

  /** Starts (or resumes, after an IPL) issuing requests against `volume`. */
  start(volume: DuplexedVolume): void {
    this.volume = volume;
    if (this.running) return;
    this.running = true;
    if (this.spec.writeIntervalUs !== undefined) this.kernel.schedule(this.stream.exponentialUs(this.spec.writeIntervalUs), this.writeKind, this.issueWrite);
    if (this.spec.readIntervalUs !== undefined) this.kernel.schedule(this.stream.exponentialUs(this.spec.readIntervalUs), this.readKind, this.issueRead);
  }

  /** Stops issuing (a crash, or the end of the run); requests in flight are left to finish or be lost. */
  stop(): void {
    this.running = false;
    this.volume = undefined;
  }

  /** Writes in flight now, as [page, token]: what a crash leaves in doubt. */
  inFlight(): [number, number][] {
    return [...this.inFlightTokens.entries()].sort((a, b) => a[0] - b[0]);
  }

  private readonly inFlightTokens = new Map<number, number>();

  private pickPage(): number {
    if (this.spec.pattern === 'skewed' && this.stream.chance(0.8)) return this.stream.integer(Math.max(1, Math.floor(this.pageCount / 5)));
    return this.stream.integer(this.pageCount);
  }

  private readonly issueWrite = (): void => {
    const volume = this.volume;
    if (!this.running || volume === undefined) return;
    this.kernel.schedule(Math.max(1, this.stream.exponentialUs(this.spec.writeIntervalUs!)), this.writeKind, this.issueWrite);
    const pageIndex = this.pickPage();
    if (this.writing.has(pageIndex)) {
      this.kernel.probes.hit('workload.writeSkippedBusyPage');
      return;
    }
    const token = this.nextToken;
    this.nextToken += 2;
    const startedUs = this.kernel.nowUs;
    this.writing.add(pageIndex);
    this.inFlightTokens.set(pageIndex, token);
    this.oracle.writeIssued(pageIndex, token);
    if (volume.recoveryActive) this.kernel.probes.hit('volume.writeDuringRecovery');
    volume.write(pageIndex, token, (result) => {
      if (volume !== this.volume) return; // the system crashed meanwhile: this completion never happened
      this.writing.delete(pageIndex);
      this.inFlightTokens.delete(pageIndex);
      if (result.ok) {
        this.oracle.writeAcknowledged(pageIndex, token);
        this.writeLatency.record(this.kernel.nowUs, this.kernel.nowUs - startedUs);
        if (!this.everWritten.has(pageIndex)) {
          this.everWritten.set(pageIndex, 1);
          this.writtenPages.push(pageIndex);
        }
      } else this.oracle.writeFailed(pageIndex, token);
    });
  };

  private readonly issueRead = (): void => {
    const volume = this.volume;
    if (!this.running || volume === undefined) return;
    this.kernel.schedule(Math.max(1, this.stream.exponentialUs(this.spec.readIntervalUs!)), this.readKind, this.issueRead);
    const pageIndex = this.writtenPages.length > 0 && this.stream.chance(0.75) ? this.writtenPages[this.stream.integer(this.writtenPages.length)] : this.pickPage();
    const readId = this.oracle.readIssued(pageIndex);
    volume.read(pageIndex, (result) => {
      if (volume !== this.volume) return this.oracle.readAbandoned(readId);
      if (result.ok) this.oracle.readReturned(readId, result.token);
      else {
        this.oracle.readAbandoned(readId);
        this.kernel.probes.hit('volume.readFailed');
      }
    });
  };

  /** Clears the record of writes in flight after a crash (the oracle has been told they are in doubt). */
  forgetInFlight(): void {
    this.writing.clear();
    this.inFlightTokens.clear();
  }
}
