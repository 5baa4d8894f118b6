// A system with one duplexed volume on two simulated disks: the composition root where the real volume
// logic meets simulated devices, plus its workload, crashes and restarts (IPL), and an automatic operator
// that replaces failed disks and starts recovery (forced when the seed's flags require the operator path).

import { DuplexedVolume } from '../../src/duplex/duplexed-volume.js';
import type { RecoveryPolicy } from '../../src/duplex/recovery-policy.js';
import { STATUS_PAGE, decodeStatus } from '../../src/duplex/status-entry.js';
import type { CopyIndex, VolumeObserver } from '../../src/duplex/volume-observer.js';
import type { Kernel } from '../kernel/kernel.js';
import { VolumeOracle } from '../oracle/volume-oracle.js';
import type { ViolationLog } from '../oracle/violations.js';
import { KernelTimer } from './kernel-timer.js';
import type { VolumeSection } from '../scenario/volume-section.js';
import { SimulatedDisk } from './simulated-disk.js';
import { VolumeWorkload, type VolumeWorkloadSpec } from '../workload/volume-workload.js';
import { ProgressSeries } from '../runner/series.js';
import { type OperatorRequest, type Refusal, RefusalLog } from './refusal-log.js';
import { assert } from '../errors.js';

/** Forced recovery requests awaiting an answer at once (far above what an operator's rate can leave). */
const MAX_FORCED_REQUESTS = 1024;

/** The world is built straight from the scenario's validated `volume` section. */
export type VolumeSpec = VolumeSection;

export interface StateChange {
  readonly timeUs: number;
  readonly subject: string;
  readonly state: string;
}

export class DuplexWorld implements VolumeObserver {
  readonly disks: [SimulatedDisk, SimulatedDisk];
  readonly oracle: VolumeOracle;
  readonly workload: VolumeWorkload;
  volume: DuplexedVolume | undefined;
  up = false;
  readonly timeline: StateChange[] = [];
  /** Recovery progress as [time µs, fraction of regions copied] (fixed size: see ProgressSeries). */
  readonly recoveryProgress = new ProgressSeries();
  readonly recoveries = { started: 0, completed: 0, failed: 0, refused: 0 };
  /** Operator requests the logic (or a down system) refused, as the two-system world records them. */
  readonly refusalLog = new RefusalLog();
  readonly refusals: readonly Refusal[] = this.refusalLog.refusals;
  /** The volume's last refusal, until the recovery request it answers claims it (in the same step). */
  private unclaimedRefusal: Refusal | undefined;
  /**
   * Forced recovery requests the operator made that no recovery start or answer has used yet. The volume
   * oracle judges a start as forced only when one of these is there: the force the logic says it used is
   * not taken at its word (it may start recoveries itself). Each is answered in the step it is made or once
   * the volume's status is durable (bounded by MAX_FORCED_REQUESTS).
   */
  private readonly forcedRequests: { used: boolean }[] = [];
  private timer: KernelTimer;
  private diskGeneration: [number, number] = [1, 1];
  private operatorPending = false;
  private readonly operatorKind;
  private readonly iplKind;

  constructor(
    private readonly kernel: Kernel,
    private readonly spec: VolumeSpec,
    workloadSpec: VolumeWorkloadSpec,
    private readonly policy: RecoveryPolicy,
    log: ViolationLog,
  ) {
    this.oracle = new VolumeOracle(kernel, log, spec.regionPages);
    this.disks = [this.newDisk(0), this.newDisk(1)];
    this.workload = new VolumeWorkload(kernel, workloadSpec, spec.pageCount, this.oracle, kernel.random.stream('workload.volume'));
    this.timer = new KernelTimer(kernel, 'volume');
    this.operatorKind = kernel.kind('operator.check');
    this.iplKind = kernel.kind('system.ipl');
    for (const name of ['volume.writeDuringRecovery', 'recovery.refused', 'recovery.forced', 'recovery.resumedAtCheckpoint', 'recovery.failed', 'volume.readFailed', 'fault.skippedBeyondRedundancy', 'workload.writeSkippedBusyPage']) kernel.probes.declare(name);
  }

  private newDisk(copy: CopyIndex): SimulatedDisk {
    const name = `copy${copy}.disk${this.diskGeneration[copy]}`;
    const disk = new SimulatedDisk(name, this.spec.pageCount + 1, this.kernel, this.spec.service, this.kernel.random.stream(`disk.${name}`), this.oracle);
    this.oracle.attach(copy, disk);
    return disk;
  }

  /** Power on: the first IPL. */
  start(): void {
    this.ipl();
  }

  private ipl(): void {
    this.timer = new KernelTimer(this.kernel, 'volume');
    const volume = new DuplexedVolume([this.disks[0], this.disks[1]], {
      pageCount: this.spec.pageCount, regionPages: this.spec.regionPages, tocPages: this.spec.tocPages, pauseBetweenRegionsUs: this.spec.pauseBetweenRegionsUs,
    }, this.timer, this.policy, this);
    this.volume = volume;
    volume.open(() => {
      if (this.volume !== volume) return;
      this.up = true;
      this.change('system', 'up');
      for (const copy of [0, 1] as const) this.change(`copy ${copy}`, volume.modes[copy]);
      this.oracle.checkAcknowledgedWrites('after the IPL');
      this.workload.start(volume);
      this.scheduleOperator();
    });
  }

  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.change('system', 'down');
    this.oracle.crashed(this.workload.inFlight());
    this.workload.stop();
    this.workload.forgetInFlight();
    this.timer.kill();
    this.volume = undefined;
    this.forcedRequests.length = 0; // requests to a crashed system are never answered
    for (const disk of this.disks) disk.crash();
    this.kernel.schedule(this.spec.iplUs, this.iplKind, () => this.ipl());
  }

  /**
   * A disk fails for good, unless that would exceed the volume's redundancy: when the other copy is not
   * known to hold current data (its disk failed, its persisted entry says down level or recovering, or
   * the system is down), the fault is skipped and counted, as a fault budget in FoundationDB's simulator.
   */
  failDisk(copy: CopyIndex): void {
    if (!this.holdsCurrentData(copy === 0 ? 1 : 0)) {
      this.kernel.probes.hit('fault.skippedBeyondRedundancy');
      this.kernel.record('faultSkipped', { action: 'diskFailure', copy, reason: 'the other copy does not hold current data' });
      return;
    }
    this.disks[copy].failed = true;
    this.change(`disk ${this.disks[copy].name}`, 'failed');
  }

  /** Ghost view: the copy's disk works, its persisted entry is clean and the volume serves from it. */
  private holdsCurrentData(copy: CopyIndex): boolean {
    const volume = this.volume;
    if (!this.up || volume === undefined || volume.recoveryActive || volume.modes[copy] !== 'inService') return false;
    const disk = this.disks[copy];
    if (disk.failed) return false;
    const entry = decodeStatus(disk.peek(STATUS_PAGE));
    return !entry.thisDownLevel && !entry.recoveryInProgress && !entry.recoveryFailed;
  }

  /** Operator: a new blank disk for a copy. Replacing a working disk is skipped like a failure would be. */
  replaceDisk(copy: CopyIndex): void {
    if (!this.disks[copy].failed && !this.holdsCurrentData(copy === 0 ? 1 : 0)) {
      this.kernel.probes.hit('fault.skippedBeyondRedundancy');
      this.kernel.record('faultSkipped', { action: 'replaceDisk', copy, reason: 'the disk works and the other copy does not hold current data' });
      return;
    }
    this.diskGeneration[copy] += 1;
    this.disks[copy] = this.newDisk(copy);
    this.change(`disk ${this.disks[copy].name}`, 'replaced');
    if (this.up && this.volume) this.volume.replaceDevice(copy, this.disks[copy], () => this.scheduleOperator());
  }

  /** Starts a recovery; `requestedAs` names the operator action that asked (none: the automatic operator). */
  recover(forced: boolean, requestedAs?: string): void {
    const request = requestedAs === undefined ? null : { atUs: this.kernel.nowUs, action: requestedAs };
    const action = forced ? 'forceRecovery' : 'recover';
    if (!this.up || this.volume === undefined) return this.refuse(action, 'the system is down', request);
    if (forced) this.kernel.probes.hit('recovery.forced');
    this.unclaimedRefusal = undefined;
    const asked = { used: false };
    if (forced) {
      assert(this.forcedRequests.length < MAX_FORCED_REQUESTS, 'too many forced recovery requests unanswered');
      this.forcedRequests.push(asked);
    }
    // A refused start reports recoveryRefused, then calls back at once (now, or once the status is durable).
    this.volume.startRecovery({ forced }, (outcome) => {
      const index = this.forcedRequests.indexOf(asked);
      if (index >= 0) this.forcedRequests.splice(index, 1);
      const refusal = this.unclaimedRefusal;
      if (outcome.ok || refusal === undefined || refusal.reason !== outcome.reason) return;
      this.unclaimedRefusal = undefined;
      refusal.request = request;
    });
  }

  /** Every fault ends; a failed disk is replaced as the operator would, by the replaceDisk action's method. */
  heal(): void {
    for (const disk of this.disks) {
      disk.transientErrorProbability = 0;
      disk.slowFactor = 1;
      disk.latentErrors.clear();
    }
    for (const copy of [0, 1] as const) if (this.disks[copy].failed) this.replaceDisk(copy);
  }

  /** End of the run: the application stops; recovery may finish within `drainUs`; then the final checks. */
  finish(drainUs: number): void {
    this.workload.stop();
    this.kernel.run({ untilUs: this.kernel.nowUs + drainUs });
    this.oracle.checkAcknowledgedWrites('at the end of the run');
    const volume = this.volume;
    if (this.up && volume && !volume.recoveryActive && volume.modes[0] === 'inService' && volume.modes[1] === 'inService' && this.recoveries.completed > 0) {
      this.oracle.checkCopiesIdentical();
    }
  }

  // The volume's observer port.
  copyDownLevel(copy: CopyIndex, reason: string): void {
    this.change(`copy ${copy}`, 'downLevel');
    this.kernel.record('volume', { event: 'copyDownLevel', copy, reason });
    this.scheduleOperator();
  }

  copyReinstated(copy: CopyIndex, reason: string): void {
    this.change(`copy ${copy}`, 'inService');
    this.kernel.record('volume', { event: 'copyReinstated', copy, reason });
  }

  recoveryRefused(reason: string): void {
    this.recoveries.refused += 1;
    this.refuse('recover', reason, null);
    this.unclaimedRefusal = this.refusals[this.refusals.length - 1];
    this.kernel.probes.hit('recovery.refused');
    this.kernel.record('volume', { event: 'recoveryRefused', reason });
  }

  recoveryStarted(details: { forced: boolean; good: CopyIndex; recovering: CopyIndex; fromRegion: number; regionCount: number }): void {
    this.recoveries.started += 1;
    if (details.fromRegion > 0) this.kernel.probes.hit('recovery.resumedAtCheckpoint');
    // Judged forced only when the operator asked a forced recovery that this start can answer.
    const asked = details.forced ? this.forcedRequests.find((request) => !request.used) : undefined;
    if (asked !== undefined) asked.used = true;
    this.oracle.recoveryStarted(asked !== undefined);
    this.change(`copy ${details.recovering}`, 'recovering');
    this.recoveryProgress.add(this.kernel.nowUs, details.fromRegion / details.regionCount);
    this.kernel.record('volume', { event: 'recoveryStarted', ...details });
  }

  regionCopied(region: number, regionCount: number): void {
    this.recoveryProgress.add(this.kernel.nowUs, (region + 1) / regionCount);
    this.kernel.record('volume', { event: 'regionCopied', region }, true);
  }

  recoveryFinished(outcome: { ok: boolean; reason: string }): void {
    if (outcome.ok) this.recoveries.completed += 1;
    else {
      this.recoveries.failed += 1;
      this.kernel.probes.hit('recovery.failed');
    }
    this.kernel.outcome(this.kernel.kind(outcome.ok ? 'recovery.completed' : 'recovery.failed'));
    this.kernel.record('volume', { event: 'recoveryFinished', ...outcome });
    if (outcome.ok && this.volume) for (const copy of [0, 1] as const) this.change(`copy ${copy}`, this.volume.modes[copy]);
    this.scheduleOperator();
  }

  /** The automatic operator looks again after `recoverAfterUs`: replace failed disks, then recover. */
  private scheduleOperator(): void {
    const operator = this.spec.operator;
    if (operator === undefined || this.operatorPending) return;
    this.operatorPending = true;
    this.kernel.schedule(operator.recoverAfterUs, this.operatorKind, () => {
      this.operatorPending = false;
      this.operate();
    });
  }

  private operate(): void {
    const volume = this.volume;
    if (!this.up || volume === undefined || volume.recoveryActive || !this.workload.running) return;
    for (const copy of [0, 1] as const) {
      if (volume.modes[copy] === 'inService') continue;
      if (this.disks[copy].failed) return this.replaceDisk(copy);
      // Forced as an operator following the seed would: only when the persisted flags call for its path.
      return this.recover(this.operatorPathCalledFor());
    }
  }

  /**
   * Ghost view of the seed's operator path: a previous recovery failed, or one was interrupted (a copy's
   * persisted entry still says recovery in progress). An operator who follows the seed forces only then.
   */
  operatorPathCalledFor(): boolean {
    return this.disks.some((disk) => {
      if (disk.failed) return false;
      const entry = decodeStatus(disk.peek(STATUS_PAGE));
      return entry.recoveryFailed || entry.recoveryInProgress;
    });
  }

  private refuse(action: string, reason: string, request: OperatorRequest | null): void {
    this.unclaimedRefusal = undefined;
    this.refusalLog.add(this.kernel.nowUs, action, reason, request);
    this.kernel.record('refused', { action, reason });
  }

  private change(subject: string, state: string): void {
    this.timeline.push({ timeUs: this.kernel.nowUs, subject, state });
    this.kernel.record('state', { subject, state });
  }
}
