// Two systems, each with a SYSASP and an IASP copy on simulated disks, the network link between them, and
// one `MirroredSystem` per system (src/system): the composition root. It builds devices, wires ports,
// injects faults (a crash drops a system's component; an IPL builds a fresh one on the same disks), routes
// operator requests to the system they are addressed to, and routes observations to the oracles. Every
// protocol decision (roles, IPL and restore, vary-on/off, role switches) is the systems' own.

import type { MirrorPolicy } from '../../src/geomirror/mirror-policy.js';
import type { SourceState } from '../../src/geomirror/mirror-observer.js';
import type { AddressPolicy } from '../../src/sls/address-policy.js';
import { iaspPageCount, sysaspPageCount } from '../../src/sls/iasp-layout.js';
import type { SingleLevelStore } from '../../src/sls/single-level-store.js';
import type { RangeReason } from '../../src/sls/sls-observer.js';
import { type CopyInUse, MirroredSystem, type SystemObserver } from '../../src/system/mirrored-system.js';
import type { SystemRole } from '../../src/system/role-record.js';
import type { SystemMessage } from '../../src/system/system-messages.js';
import { assert } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { MirrorOracle } from '../oracle/mirror-oracle.js';
import { ObservedDevice } from '../oracle/observed-device.js';
import { ResolutionOracle } from '../oracle/resolution-oracle.js';
import type { ViolationLog } from '../oracle/violations.js';
import type { GeoSection } from '../scenario/geo-section.js';
import { SystemWorkload } from '../workload/sls-workload.js';
import { WriteLatencyRecord } from '../workload/write-latency.js';
import { ProgressSeries } from '../runner/series.js';
import type { StateChange } from './duplex-world.js';
import { GeoDeviceFaults } from './geo-faults.js';
import { KernelTimer } from './kernel-timer.js';
import { type OperatorRequest, type Refusal, RefusalLog } from './refusal-log.js';
import { type Direction, NetworkLink } from './network-link.js';
import { type DiskWatcher, SimulatedDisk } from './simulated-disk.js';

/** Failovers of one system awaiting an answer at once (the logic answers each within a promotion's time). */
const MAX_FAILOVERS_AWAITED = 1024;

export type Role = SystemRole;

interface SystemNode {
  readonly index: Direction;
  readonly name: string;
  readonly sysasp: SimulatedDisk;
  /** This system's geographic-mirror copy of the IASP. */
  iaspCopy: SimulatedDisk;
  /** A storage-subsystem copy attached to this system, when one was made. */
  storageCopy: SimulatedDisk | undefined;
  storageCopyIsNew: boolean;
  up: boolean;
  timer: KernelTimer;
  /** The system's logic in this incarnation (undefined while it is down). */
  system: MirroredSystem | undefined;
  /** The operator's: which copy is varied on here, so an IPL can vary it on again. */
  variedOn: CopyInUse | undefined;
  readonly workload: SystemWorkload;
}

/** Operator requests the logic may accept at first and refuse later (after a vary-on's read, a promotion's check). */
const ANSWERED_LATER: ReadonlySet<string> = new Set(['varyOn', 'switchover', 'failover']);

export class GeoWorld implements SystemObserver, DiskWatcher {
  readonly systems: [SystemNode, SystemNode];
  readonly link: NetworkLink<SystemMessage>;
  readonly resolutions: ResolutionOracle;
  readonly mirrorOracle: MirrorOracle;
  /** The system that last said it became production (for routing and the oracles' bookkeeping only). */
  productionIndex: Direction = 0;
  /**
   * Per system, the force of each failover the operator asked of it that the logic has not yet answered
   * (refused, or done: the system became production), oldest first. The mirroring oracle judges a promotion by
   * what was asked, not by the force the logic says it used: forced if any failover awaiting an answer was.
   * A system can hold two at once (one accepted while the first still varies its copy off; the first is then
   * refused "not the mirror target" just before the second's promotion is reported), so a refusal answers only
   * the oldest. Bounded by MAX_FAILOVERS_AWAITED.
   */
  private readonly failoversAwaited: [boolean[], boolean[]] = [[], []];
  /**
   * Per system, the role it last reported (the power-on roles at first). A system that restarts still
   * production by its own record says so again: the world takes that as a promotion only when the system last
   * reported another role (a crash cut off the report of a promotion) or a promotion of it was asked and not yet
   * answered; otherwise the peer took production over meanwhile and the report restates a role now stale.
   */
  private readonly reportedRole: [SystemRole, SystemRole] = ['production', 'target'];
  /** Per system, whether the operator asked for its promotion (a failover of it, a switchover of its peer). */
  private readonly promotionAsked: [boolean, boolean] = [false, false];
  readonly timeline: StateChange[] = [];
  /** Synchronisation progress as [time µs, fraction of the planned regions copied] (bounded: ProgressSeries). */
  readonly syncProgressSeries = new ProgressSeries();
  readonly rangesUsed: { readonly timeUs: number; readonly system: string; readonly copy: string; readonly range: number; readonly reason: RangeReason }[] = [];
  /** Refused requests, each tied to the operator request it answers (or to none). */
  readonly refusalLog = new RefusalLog();
  readonly refusals: readonly Refusal[] = this.refusalLog.refusals;
  /** Production write latency (series and histogram), whichever system holds the role. */
  readonly writeLatency = new WriteLatencyRecord();
  /** Disk faults on every device of this world (roles resolved when a fault applies). */
  readonly faults: GeoDeviceFaults;
  private version = 0;
  /** After the scenario's end the applications stay stopped, even when an IPL varies a copy on again. */
  private applicationsStopped = false;
  private storageCopies = 0;
  private mirrorDisks = 0;
  private readonly iplKind;

  constructor(
    private readonly kernel: Kernel,
    private readonly spec: GeoSection,
    private readonly addressing: AddressPolicy,
    private readonly mirroring: MirrorPolicy,
    log: ViolationLog,
  ) {
    this.resolutions = new ResolutionOracle(kernel, log, spec.iaspDataPages);
    this.mirrorOracle = new MirrorOracle(kernel, log, spec.iaspDataPages);
    this.link = new NetworkLink(kernel, spec.link, kernel.random.stream('link'));
    this.mirrorOracle.linkConnected = () => this.link.connected;
    this.mirrorOracle.targetCopy = () => this.targetNode.iaspCopy;
    this.link.deliveryWatcher = (from, sendIndex, message) => {
      this.mirrorOracle.messageDelivered(from, sendIndex);
      if (message.kind === 'write') this.mirrorOracle.replicatedWriteDelivered(message.pageIndex, message.token);
    };
    this.iplKind = kernel.kind('system.ipl');
    const context = {
      resolutions: this.resolutions,
      mirror: this.mirrorOracle,
      nextVersion: () => (this.version += 1),
      isProduction: (name: string) => this.production.name === name && this.production.up,
      writeAcknowledgedOffProduction: (name: string) =>
        this.mirrorOracle.writeBesideProduction(name, this.nodeNamed(name).variedOn, this.production.name),
      writeLatency: this.writeLatency,
    };
    const node = (index: Direction, name: string): SystemNode => ({
      index, name,
      sysasp: this.newDisk(`${name}.sysasp`, sysaspPageCount(spec.pointerSlots), 'sysasp'),
      iaspCopy: this.newDisk(`${name}.iasp-copy1`, iaspPageCount(spec.iaspDataPages), 'iasp'),
      storageCopy: undefined, storageCopyIsNew: false, up: false,
      timer: new KernelTimer(kernel, `${name}`), system: undefined, variedOn: undefined,
      workload: new SystemWorkload(kernel, name, index === 0 ? spec.applications.production : spec.applications.target,
        spec.iaspDataPages, spec.pointerSlots, context, kernel.random),
    });
    this.systems = [node(0, 'A'), node(1, 'B')];
    const probes = ['mirror.detachRefused', 'mirror.reattachRefused', 'mirror.varyOnRefused', 'mirror.promotionRefused',
      'mirror.suspended', 'mirror.partialSync', 'mirror.fullSync', 'sls.rangeFull'];
    for (const name of probes) kernel.probes.declare(name);
    this.faults = new GeoDeviceFaults(kernel, this);
  }

  get production(): SystemNode {
    return this.systems[this.productionIndex];
  }

  get targetNode(): SystemNode {
    return this.systems[this.productionIndex === 0 ? 1 : 0];
  }

  private newDisk(name: string, pageCount: number, kind: 'sysasp' | 'iasp'): SimulatedDisk {
    const service = kind === 'sysasp' ? this.spec.sysaspService : this.spec.iaspService;
    return new SimulatedDisk(name, pageCount, this.kernel, service, this.kernel.random.stream(`disk.${name}`), this);
  }

  /** Power on: both systems IPL; mirroring starts active on two empty, identical copies. */
  start(): void {
    for (const node of this.systems) this.ipl(node, true);
  }

  // ---- systems: crash and IPL ----

  private ipl(node: SystemNode, first: boolean): void {
    node.timer = new KernelTimer(this.kernel, node.name);
    const system = new MirroredSystem({
      name: node.name,
      systemNumber: node.index === 0 ? 1 : 2,
      dataPageCount: this.spec.iaspDataPages,
      initialRole: node.index === 0 ? 'production' : 'target',
      mirror: this.spec.mirroring,
      mirrorPolicy: this.mirroring,
      addressPolicy: this.addressing,
      switchoverWaitUs: Math.max(10_000, 4 * this.spec.link.latencyUs),
    }, {
      sysasp: node.sysasp,
      mirrorCopy: () => node.iaspCopy,
      storageCopy: () => (node.storageCopy === undefined
        ? undefined : { device: node.storageCopy, isNew: node.storageCopyIsNew }),
      storageCopyUsed: () => {
        node.storageCopyIsNew = false;
      },
      // Wiring: the oracle watches the two paths into the mirror copy (the copy's disk is the same).
      replicationPath: (device) => new ObservedDevice(device, node.iaspCopy, 'replication', this.mirrorOracle),
      applicationPath: (device) => new ObservedDevice(device, node.iaspCopy, 'application', this.mirrorOracle),
    }, this.link.endpoints[node.index], node.timer, this);
    node.system = system;
    const copy = node.variedOn === 'mirrorCopy' ? 'mirror' : node.variedOn === 'storageCopy' ? 'storage' : undefined;
    node.variedOn = undefined;
    system.ipl(first, copy);
  }

  private nodeNamed(name: string): SystemNode {
    const node = this.systems.find((candidate) => candidate.name === name);
    assert(node !== undefined, `no system ${name}`);
    return node;
  }

  crash(role: Role): void {
    const node = role === 'production' ? this.production : this.targetNode;
    if (!node.up) return;
    node.up = false;
    this.refusalLog.forget(`${node.name}:`);
    this.change(`system ${node.name}`, 'down');
    node.workload.stop();
    node.timer.kill();
    node.system?.halt();
    node.system = undefined;
    this.link.endpoints[node.index].clearHandlers();
    if (node === this.production) this.mirrorOracle.productionCrashed();
    else this.mirrorOracle.targetApplicationsStopped();
    this.link.setEndDown(node.index, true);
    for (const disk of [node.sysasp, node.iaspCopy, node.storageCopy]) disk?.crash();
    this.mirrorOracle.disksCrashed([node.iaspCopy]);
    this.kernel.schedule(this.spec.iplUs, this.iplKind, () => this.ipl(node, false));
  }

  // ---- operator actions: routed to the system they are addressed to ----

  private ask(node: SystemNode, action: string, request: (system: MirroredSystem) => string | undefined): boolean {
    const system = node.system;
    const refusal = system === undefined || !node.up ? `system ${node.name} is down` : request(system);
    const asked = { atUs: this.kernel.nowUs, action };
    if (refusal !== undefined) this.refuse(action, refusal, asked);
    else if (ANSWERED_LATER.has(action)) this.refusalLog.awaitAnswer(`${node.name}:${action}`, asked);
    return refusal === undefined;
  }

  detach(track: boolean): void {
    this.mirrorOracle.detachRequested();
    const accepted = this.ask(this.production, 'detach', (system) => system.detach(track));
    if (accepted) this.resolutions.copyEvent(`detach${track ? ' with tracking' : ' without tracking'}`);
  }

  reattach(): void {
    this.mirrorOracle.reattachRequested();
    if (this.ask(this.production, 'reattach', (system) => system.reattach())) this.resolutions.copyEvent('reattach');
  }

  resume(): void {
    this.ask(this.production, 'resume', (system) => system.resume());
  }

  /** Production varies its IASP off (maintenance); its applications stop until it is varied on again. */
  varyOffProduction(): void {
    this.ask(this.production, 'varyOff', (system) => system.varyOffProduction());
  }

  varyOnProductionAgain(): void {
    this.ask(this.production, 'varyOn', (system) => system.varyOnProduction());
  }

  varyOnTarget(copy: 'mirror' | 'storage'): void {
    this.ask(this.targetNode, 'varyOn', (system) => system.varyOnTarget(copy));
  }

  varyOffTarget(): void {
    this.ask(this.targetNode, 'varyOff', (system) => system.varyOffTarget());
  }

  /** The disk under the target's IASP copy fails for good: the copy's reads and writes fail until it is replaced. */
  failTargetDisk(): void {
    const node = this.targetNode;
    node.iaspCopy.failed = true;
    this.change(`disk ${node.iaspCopy.name}`, 'failed');
  }

  /**
   * Operator: a new blank disk under the target's IASP copy. The target system is told (it varies the copy
   * off if in use and restarts its mirroring target there); down, it finds the new disk at its IPL.
   */
  replaceTargetDisk(): void {
    const node = this.targetNode;
    this.mirrorOracle.targetCopyReplaced(node.iaspCopy, node.index, this.link.counts.messages);
    this.mirrorDisks += 1;
    node.iaspCopy = this.newDisk(`${node.name}.iasp-copy${this.mirrorDisks + 1}`, iaspPageCount(this.spec.iaspDataPages), 'iasp');
    this.change(`disk ${node.iaspCopy.name}`, 'replaced');
    this.resolutions.copyEvent(`disk replaced under the target copy (${node.iaspCopy.name})`);
    if (node.variedOn === 'mirrorCopy') node.variedOn = undefined;
    if (node.up) node.system?.mirrorCopyReplaced();
  }

  /** A storage subsystem makes a point-in-time copy of the production copy, attached to the target (replacing the old one). */
  makeStorageCopy(): void {
    const node = this.targetNode;
    if (node.variedOn === 'storageCopy' || node.system?.copyInUse === 'storageCopy') {
      const request = { atUs: this.kernel.nowUs, action: 'storageCopy' };
      return this.refuse('storageCopy', 'the old storage copy is varied on', request);
    }
    this.storageCopies += 1;
    const disk = this.newDisk(`${node.name}.storage-copy${this.storageCopies}`, iaspPageCount(this.spec.iaspDataPages), 'iasp');
    disk.loadFrom(this.production.iaspCopy);
    node.storageCopy = disk;
    node.storageCopyIsNew = true;
    this.resolutions.storageCopyMade(disk);
    this.resolutions.copyEvent(`storage copy ${disk.name} made from ${this.production.iaspCopy.name}`);
    this.change(`copy ${disk.name}`, 'made');
  }

  /** Planned role swap, asked of production (it and the target agree over the link). */
  switchover(): void {
    if (this.ask(this.production, 'switchover', (system) => system.switchover())) {
      this.promotionAsked[this.targetNode.index] = true;
    }
  }

  /** Unplanned: production is lost (crashed if still up); the target is asked to take over. */
  failover(forced: boolean): void {
    if (this.production.up) this.crash('production');
    const node = this.targetNode;
    if (this.ask(node, 'failover', (system) => system.failover(forced))) {
      const awaited = this.failoversAwaited[node.index];
      assert(awaited.length < MAX_FAILOVERS_AWAITED, `too many failovers of ${node.name} awaiting an answer`);
      awaited.push(forced);
      this.promotionAsked[node.index] = true;
    }
  }

  partition(directions: 'both' | 'toTarget' | 'toProduction', forUs: number): void {
    const toTarget = this.productionIndex;
    const toProduction: Direction = this.productionIndex === 0 ? 1 : 0;
    this.link.partition(directions === 'both' ? [0, 1] : directions === 'toTarget' ? [toTarget] : [toProduction], forUs);
  }

  /** Every fault ends; a failed target disk is replaced as the operator would (the replaceTargetDisk action). */
  heal(): void {
    this.link.heal();
    this.faults.heal();
    if (this.targetNode.iaspCopy.failed) this.replaceTargetDisk();
  }

  /**
   * After the scenario: the applications stop (and stay stopped through any IPL); mirroring may finish its
   * synchronisation and drain every replicated write within `drainUs`. Only then, quiet and in step, must
   * the copies be identical; production must hold every acknowledged write either way.
   */
  finish(drainUs: number): void {
    this.applicationsStopped = true;
    for (const node of this.systems) node.workload.stop();
    const deadlineUs = this.kernel.nowUs + drainUs;
    const settled = (): boolean =>
      this.production.system?.mirroringInStep === true && this.targetNode.system?.targetMirroring === true;
    while (this.kernel.nowUs < deadlineUs && !settled()) {
      if (this.kernel.run({ untilUs: Math.min(deadlineUs, this.kernel.nowUs + 100_000) }) === 'quiescent') break;
    }
    const production = this.production;
    if (!production.up) return;
    this.mirrorOracle.finalCheck(production.iaspCopy, settled() ? this.targetNode.iaspCopy : undefined);
  }

  // ---- what the systems report ----

  systemUp(system: string): void {
    const node = this.nodeNamed(system);
    node.up = true;
    this.change(`system ${node.name}`, 'up');
    this.link.setEndDown(node.index, false);
  }

  variedOn(system: string, copy: CopyInUse, sls: SingleLevelStore): void {
    const node = this.nodeNamed(system);
    const disk = copy === 'storageCopy' ? node.storageCopy : node.iaspCopy;
    assert(disk !== undefined, `system ${system} varied on a storage copy it does not have`);
    node.variedOn = copy;
    this.refusalLog.answer(`${system}:varyOn`);
    this.change(`copy ${disk.name}`, 'variedOn');
    if (!this.applicationsStopped) node.workload.start(sls, disk);
  }

  varyingOff(system: string, copy: CopyInUse): void {
    const node = this.nodeNamed(system);
    const disk = copy === 'storageCopy' ? node.storageCopy : node.iaspCopy;
    node.workload.stop();
    if (copy !== 'mirrored') this.mirrorOracle.targetApplicationsStopped();
    node.variedOn = undefined;
    this.change(`copy ${disk?.name}`, 'variedOff');
  }

  varyOnFailed(system: string, copy: CopyInUse): void {
    void system;
    if (copy !== 'mirrored') this.mirrorOracle.targetApplicationsStopped();
  }

  refused(system: string, action: string, reason: string): void {
    const node = this.nodeNamed(system);
    if (action === 'failover') {
      const awaited = this.failoversAwaited[node.index];
      awaited.shift();
      if (awaited.length === 0) this.promotionAsked[node.index] = false;
    }
    if (action === 'switchover') this.promotionAsked[node.index === 0 ? 1 : 0] = false;
    this.refuse(action, reason, this.refusalLog.answer(`${system}:${action}`));
  }

  roleChanged(system: string, role: SystemRole, how: string, forcedBySystem: boolean): void {
    void forcedBySystem;
    const node = this.nodeNamed(system);
    // A production restarted says its role again: news only when a crash cut off the report of its promotion.
    if (role === 'production' && node.index === this.productionIndex) return;
    const restated = role === 'production' && this.reportedRole[node.index] === 'production' &&
      !this.promotionAsked[node.index];
    this.reportedRole[node.index] = role;
    if (restated) return this.change(`system ${node.name}`, 'production (stale)', `${how}; the peer holds production`);
    for (const action of ['switchover', 'failover']) this.refusalLog.answer(`${system}:${action}`);
    this.change(`system ${node.name}`, role, how);
    // A demotion reported meanwhile (its report late) is no answer to a failover asked of this system.
    if (role !== 'production') return;
    if (!this.promotionAsked[node.index]) this.mirrorOracle.promotedUnasked(node.name, how);
    // A switchover's promotion is never forced, though a forced failover may still await its answer (accepted,
    // then cut off by a crash, or still under way): the logic's word `switchover` only ever makes it stricter.
    const forced = how !== 'switchover' && this.failoversAwaited[node.index].includes(true);
    this.failoversAwaited[node.index].length = 0;
    this.promotionAsked[node.index] = false;
    this.resolutions.copyEvent(`${how} to system ${node.name}${forced ? ' (forced)' : ''}`);
    this.productionIndex = node.index;
    this.mirrorOracle.promoted(forced, node.iaspCopy, this.spec.mirroring.mode === 'sync');
  }

  rangeAssignedAtDetach(range: number): void {
    this.resolutions.rangeInUse(range, this.targetNode.name, this.targetNode.iaspCopy.name, 'assignedAtDetach');
  }

  rangeInUse(event: { system: string; copy: string; range: number; reason: RangeReason }): void {
    this.resolutions.rangeInUse(event.range, event.system, event.copy, event.reason);
    this.rangesUsed.push({ timeUs: this.kernel.nowUs, ...event });
    if (event.reason === 'rangeFull') this.kernel.probes.hit('sls.rangeFull');
    this.kernel.record('range', { ...event });
  }

  pointersInvalidated(event: { system: string; epoch: number }): void {
    this.kernel.record('pointersInvalidated', { ...event });
  }

  sourceState(state: SourceState, reason: string): void {
    if (state === 'suspended') this.kernel.probes.hit('mirror.suspended');
    this.change('mirroring', state, reason);
  }

  syncPlanned(plan: { full: boolean; pages: readonly number[] | null; fromRegion: number; regionCount: number }): void {
    this.kernel.probes.hit(plan.full ? 'mirror.fullSync' : 'mirror.partialSync');
    this.syncProgressSeries.add(this.kernel.nowUs, 0);
    this.mirrorOracle.syncPlanned(plan.full, plan.pages, this.production.iaspCopy, this.targetNode.iaspCopy);
  }

  syncProgress(done: number, total: number): void {
    this.syncProgressSeries.add(this.kernel.nowUs, total === 0 ? 1 : done / total);
  }

  syncCompleted(): void {
    this.syncProgressSeries.add(this.kernel.nowUs, 1);
  }

  targetVariedOn(state: 'detached' | 'promoted' | 'mirroring'): void {
    // Not judged from what the logic says: the oracle sees the copy's use on the observed device paths.
    void state;
  }

  promotion(event: { forced: boolean; allowed: boolean; targetState: string; mayLose: string }): void {
    if (!event.allowed) this.kernel.probes.hit('mirror.promotionRefused');
    this.kernel.record('promotion', { ...event });
  }

  pageWritten(disk: SimulatedDisk, pageIndex: number, token: number, previous: number, fromRange: boolean): void {
    this.resolutions.pageWritten(disk, pageIndex, fromRange);
    this.mirrorOracle.pageWritten(disk, pageIndex, token, previous, fromRange);
  }

  readSent(): void {}

  rangeWritten(): void {}

  private refuse(action: string, reason: string, request: OperatorRequest | null): void {
    this.refusalLog.add(this.kernel.nowUs, action, reason, request);
    this.kernel.probes.hit(`mirror.${action}Refused`);
    this.kernel.record('refused', { action, reason });
  }

  private change(subject: string, state: string, reason?: string): void {
    this.timeline.push({ timeUs: this.kernel.nowUs, subject, state });
    this.kernel.record('state', reason === undefined ? { subject, state } : { subject, state, reason });
  }
}
