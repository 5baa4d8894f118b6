// Two systems, each with a SYSASP and an IASP copy on simulated disks, the network link between them, and
// geographic mirroring: the composition root where the single-level store and the mirroring logic of
// `src/` meet simulated devices. It applies operator actions and faults (detach, vary on/off, reattach,
// storage copies, switchover, failover, crashes and IPLs, partitions) and feeds the oracles.

import { MirrorSource } from '../../src/geomirror/mirror-source.js';
import { MirrorTarget } from '../../src/geomirror/mirror-target.js';
import type { MirrorMessage } from '../../src/geomirror/mirror-messages.js';
import type { MirrorObserver, SourceState } from '../../src/geomirror/mirror-observer.js';
import type { MirrorPolicy } from '../../src/geomirror/mirror-policy.js';
import type { AddressPolicy } from '../../src/sls/address-policy.js';
import { iaspPageCount, sysaspPageCount } from '../../src/sls/iasp-layout.js';
import { SingleLevelStore } from '../../src/sls/single-level-store.js';
import type { RangeReason, SlsObserver } from '../../src/sls/sls-observer.js';
import type { Kernel } from '../kernel/kernel.js';
import { MirrorOracle } from '../oracle/mirror-oracle.js';
import { ObservedDevice } from '../oracle/observed-device.js';
import { ResolutionOracle } from '../oracle/resolution-oracle.js';
import type { ViolationLog } from '../oracle/violations.js';
import type { GeoSection } from '../scenario/geo-section.js';
import { SystemWorkload } from '../workload/sls-workload.js';
import type { StateChange } from './duplex-world.js';
import { GeoDeviceFaults } from './geo-faults.js';
import { KernelTimer } from './kernel-timer.js';
import { type Direction, NetworkLink } from './network-link.js';
import { type DiskWatcher, SimulatedDisk } from './simulated-disk.js';

export type Role = 'production' | 'target';

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
  sls: SingleLevelStore | undefined;
  /** What is varied on here, so an IPL can vary it on again. */
  variedOn: 'mirrored' | 'mirrorCopy' | 'storageCopy' | undefined;
  readonly workload: SystemWorkload;
}

export class GeoWorld implements SlsObserver, MirrorObserver, DiskWatcher {
  readonly systems: [SystemNode, SystemNode];
  readonly link: NetworkLink<MirrorMessage>;
  readonly resolutions: ResolutionOracle;
  readonly mirrorOracle: MirrorOracle;
  productionIndex: Direction = 0;
  source: MirrorSource | undefined;
  target: MirrorTarget | undefined;
  readonly timeline: StateChange[] = [];
  /** Synchronisation progress as [time µs, fraction of the planned regions copied]. */
  readonly syncProgressSeries: [number, number][] = [];
  readonly rangesUsed: { readonly timeUs: number; readonly system: string; readonly copy: string; readonly range: number; readonly reason: RangeReason }[] = [];
  readonly refusals: { readonly timeUs: number; readonly action: string; readonly reason: string }[] = [];
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
    this.iplKind = kernel.kind('system.ipl');
    const context = {
      resolutions: this.resolutions,
      mirror: this.mirrorOracle,
      nextVersion: () => (this.version += 1),
      isProduction: (name: string) => this.production.name === name && this.production.up,
    };
    const node = (index: Direction, name: string): SystemNode => ({
      index, name,
      sysasp: this.newDisk(`${name}.sysasp`, sysaspPageCount(spec.pointerSlots), 'sysasp'),
      iaspCopy: this.newDisk(`${name}.iasp-copy1`, iaspPageCount(spec.iaspDataPages), 'iasp'),
      storageCopy: undefined, storageCopyIsNew: false, up: false,
      timer: new KernelTimer(kernel, `${name}`), sls: undefined, variedOn: undefined,
      workload: new SystemWorkload(kernel, name, index === 0 ? spec.applications.production : spec.applications.target, spec.iaspDataPages, spec.pointerSlots, context, kernel.random),
    });
    this.systems = [node(0, 'A'), node(1, 'B')];
    for (const name of ['mirror.detachRefused', 'mirror.reattachRefused', 'mirror.varyOnRefused', 'mirror.promotionRefused', 'mirror.suspended', 'mirror.partialSync', 'mirror.fullSync', 'sls.rangeFull']) kernel.probes.declare(name);
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
    const sls = new SingleLevelStore(node.name, node.index + 1, node.sysasp, this.spec.iaspDataPages, this.addressing, this);
    node.sls = sls;
    sls.open(() => {
      if (node.sls !== sls) return;
      node.up = true;
      this.change(`system ${node.name}`, 'up');
      const isProduction = node === this.production;
      if (isProduction) {
        const source = this.newSource(node);
        const vary = (): void => this.varyOnProduction(node, source);
        if (first) {
          source.startActive();
          vary();
        } else source.restore(vary);
      } else {
        const target = this.newTarget(node);
        if (first) return void this.link.setEndDown(node.index, false);
        target.restore(() => {
          if (node.variedOn === 'mirrorCopy') this.varyOnTarget('mirror');
          else if (node.variedOn === 'storageCopy') this.varyOnTarget('storage');
        });
      }
      this.link.setEndDown(node.index, false);
    });
  }

  private newSource(node: SystemNode): MirrorSource {
    this.link.endpoints[node.index].clearHandlers();
    const mirroring = this.spec.mirroring;
    this.source = new MirrorSource(node.iaspCopy, node.sysasp, this.link.endpoints[node.index], node.timer, mirroring, this.mirroring, this);
    return this.source;
  }

  private newTarget(node: SystemNode): MirrorTarget {
    this.link.endpoints[node.index].clearHandlers();
    // The replication path into the copy, observed by the oracle (wiring: the target gets the same disk).
    const replication = new ObservedDevice(node.iaspCopy, node.iaspCopy, 'replication', this.mirrorOracle);
    this.target = new MirrorTarget(replication, node.sysasp, this.link.endpoints[node.index], node.timer, this.spec.mirroring.suspendTimeoutUs, this.spec.mirroring.trackingPageLimit, this.mirroring, this);
    this.mirrorOracle.targetDisk = node.iaspCopy;
    return this.target;
  }

  private varyOnProduction(node: SystemNode, source: MirrorSource): void {
    const sls = node.sls;
    if (sls === undefined || sls.isVariedOn) return;
    sls.varyOn(source, (result) => {
      if (!result.ok) return this.refuse('varyOn', `production vary-on failed (${result.error})`);
      if (node.sls !== sls) return;
      node.variedOn = 'mirrored';
      this.change(`copy ${node.iaspCopy.name}`, 'variedOn');
      if (!this.applicationsStopped) node.workload.start(sls, node.iaspCopy);
    });
  }

  crash(role: Role): void {
    const node = role === 'production' ? this.production : this.targetNode;
    if (!node.up) return;
    node.up = false;
    this.change(`system ${node.name}`, 'down');
    node.workload.stop();
    node.timer.kill();
    node.sls = undefined;
    this.link.endpoints[node.index].clearHandlers();
    if (node === this.production) {
      this.source?.stop();
      this.source = undefined;
      this.mirrorOracle.productionCrashed();
    } else {
      this.target?.stop();
      this.target = undefined;
      this.mirrorOracle.targetApplicationsStopped();
    }
    this.link.setEndDown(node.index, true);
    for (const disk of [node.sysasp, node.iaspCopy, node.storageCopy]) disk?.crash();
    this.mirrorOracle.disksCrashed([node.iaspCopy]);
    this.kernel.schedule(this.spec.iplUs, this.iplKind, () => this.ipl(node, false));
  }

  // ---- operator actions ----

  detach(track: boolean): void {
    this.mirrorOracle.detachRequested();
    const source = this.source;
    if (source === undefined || source.state !== 'active' || !this.link.connected) return this.refuse('detach', source === undefined ? 'production is down' : `mirroring is ${source.state}${this.link.connected ? '' : ', link down'}`);
    const range = this.production.sls?.takeRangeForDetach();
    if (range !== undefined) this.resolutions.rangeInUse(range, this.targetNode.name, this.targetNode.iaspCopy.name, 'assignedAtDetach');
    const refusal = source.detach(track, range);
    if (refusal !== undefined) return this.refuse('detach', refusal);
    this.resolutions.copyEvent(`detach${track ? ' with tracking' : ' without tracking'}`);
  }

  reattach(): void {
    this.mirrorOracle.reattachRequested();
    const source = this.source;
    if (source === undefined) return this.refuse('reattach', 'production is down');
    const refusal = source.reattach();
    if (refusal !== undefined) return this.refuse('reattach', refusal);
    this.resolutions.copyEvent('reattach');
    for (const node of this.systems) node.sls?.noteNewCopy(() => {});
  }

  resume(): void {
    const refusal = this.source?.resume() ?? 'production is down';
    if (refusal !== undefined) this.refuse('resume', refusal);
  }

  /** Production varies its IASP off (maintenance); its applications stop until it is varied on again. */
  varyOffProduction(): void {
    const node = this.production;
    if (!node.up || node.sls === undefined || !node.sls.isVariedOn) return this.refuse('varyOff', 'production has nothing varied on');
    node.workload.stop();
    node.variedOn = undefined;
    node.sls.varyOff(() => {});
    this.change(`copy ${node.iaspCopy.name}`, 'variedOff');
  }

  varyOnProductionAgain(): void {
    const node = this.production;
    if (!node.up || this.source === undefined) return this.refuse('varyOn', 'production is down');
    this.varyOnProduction(node, this.source);
  }

  varyOnTarget(copy: 'mirror' | 'storage'): void {
    const node = this.targetNode;
    const sls = node.sls;
    if (!node.up || sls === undefined || this.target === undefined) return this.refuse('varyOn', 'the target system is down');
    if (sls.isVariedOn) return this.refuse('varyOn', 'a copy is already varied on at the target');
    let device;
    let disk: SimulatedDisk;
    if (copy === 'storage') {
      if (node.storageCopy === undefined) return this.refuse('varyOn', 'no storage copy has been made');
      device = node.storageCopy;
      disk = node.storageCopy;
    } else {
      const decision = this.target.deviceForVaryOn();
      if ('refused' in decision) return this.refuse('varyOn', decision.refused);
      device = new ObservedDevice(decision.device, node.iaspCopy, 'application', this.mirrorOracle);
      disk = node.iaspCopy;
    }
    const newCopy = copy === 'storage' && node.storageCopyIsNew;
    const varyOn = (): void => sls.varyOn(device, (result) => {
      if (!result.ok) {
        this.mirrorOracle.targetApplicationsStopped();
        return this.refuse('varyOn', `vary-on failed (${result.error})`);
      }
      if (node.sls !== sls) return;
      node.storageCopyIsNew = false;
      node.variedOn = copy === 'storage' ? 'storageCopy' : 'mirrorCopy';
      this.change(`copy ${disk.name}`, 'variedOn');
      if (!this.applicationsStopped) node.workload.start(sls, disk);
    });
    if (newCopy) sls.noteNewCopy(varyOn);
    else varyOn();
  }

  varyOffTarget(): void {
    const node = this.targetNode;
    if (!node.up || node.sls === undefined || !node.sls.isVariedOn) return this.refuse('varyOff', 'nothing is varied on at the target');
    const disk = node.variedOn === 'storageCopy' ? node.storageCopy : node.iaspCopy;
    node.workload.stop();
    this.mirrorOracle.targetApplicationsStopped();
    node.variedOn = undefined;
    node.sls.varyOff(() => {});
    this.target?.variedOff();
    this.change(`copy ${disk?.name}`, 'variedOff');
  }

  /** The disk under the target's IASP copy fails for good: the copy's reads and writes fail until it is replaced. */
  failTargetDisk(): void {
    const node = this.targetNode;
    node.iaspCopy.failed = true;
    this.change(`disk ${node.iaspCopy.name}`, 'failed');
  }

  /**
   * Operator: a new blank disk under the target's IASP copy. The copy is varied off first if in use; the
   * mirroring target restarts on the new disk from its persisted state, and with its tracking gone the next
   * reattach or resume synchronises in full.
   */
  replaceTargetDisk(): void {
    const node = this.targetNode;
    if (node.variedOn === 'mirrorCopy') this.varyOffTarget();
    this.mirrorDisks += 1;
    node.iaspCopy = this.newDisk(`${node.name}.iasp-copy${this.mirrorDisks + 1}`, iaspPageCount(this.spec.iaspDataPages), 'iasp');
    this.change(`disk ${node.iaspCopy.name}`, 'replaced');
    this.resolutions.copyEvent(`disk replaced under the target copy (${node.iaspCopy.name})`);
    this.source?.targetCopyReplaced();
    if (!node.up) return;
    this.target?.stop();
    const target = this.newTarget(node);
    target.restore(() => target.expectSync());
  }

  /** A storage subsystem makes a point-in-time copy of the production copy, attached to the target (replacing the old one). */
  makeStorageCopy(): void {
    const node = this.targetNode;
    if (node.variedOn === 'storageCopy') return this.refuse('storageCopy', 'the old storage copy is varied on');
    this.storageCopies += 1;
    const disk = this.newDisk(`${node.name}.storage-copy${this.storageCopies}`, iaspPageCount(this.spec.iaspDataPages), 'iasp');
    disk.loadFrom(this.production.iaspCopy);
    node.storageCopy = disk;
    node.storageCopyIsNew = true;
    this.resolutions.storageCopyMade(disk);
    this.resolutions.copyEvent(`storage copy ${disk.name} made from ${this.production.iaspCopy.name}`);
    this.change(`copy ${disk.name}`, 'made');
  }

  /** Planned role swap: production varies off, the in-step mirror becomes production. */
  switchover(): void {
    const source = this.source;
    const target = this.target;
    if (source === undefined || target === undefined || this.targetNode.variedOn !== undefined) return this.refuse('switchover', 'both systems must be up and the target copy varied off');
    if (source.state !== 'active' || !this.link.connected) return this.refuse('switchover', `mirroring is ${source.state}${this.link.connected ? '' : ', link down'}`);
    const old = this.production;
    old.workload.stop();
    old.sls?.varyOff(() => {});
    old.variedOn = undefined;
    // Give replicated writes in flight time to be acknowledged, then swap roles only if the copies are in step.
    old.timer.after(Math.max(10_000, 4 * this.spec.link.latencyUs), () => {
      if (this.source !== source) return;
      if (!source.inStep) {
        this.refuse('switchover', `the copies are not in step (mirroring ${source.state}${this.link.connected ? '' : ', link down'})`);
        return this.varyOnProduction(old, source);
      }
      this.promote(false, 'switchover');
    });
  }

  /** Unplanned: production is lost (crashed if still up); the target copy is promoted if the rules allow. */
  failover(forced: boolean): void {
    if (this.production.up) this.crash('production');
    this.promote(forced, 'failover');
  }

  private promote(forced: boolean, how: string): void {
    const target = this.target;
    const newProduction = this.targetNode;
    if (target === undefined || !newProduction.up) return this.refuse(how, 'the target system is down');
    if (newProduction.variedOn === 'mirrorCopy' || newProduction.variedOn === 'storageCopy') this.varyOffTarget();
    const decision = target.decidePromotion(forced, this.spec.mirroring.mode === 'async');
    if (!decision.allowed) return this.refuse(how, decision.reason);
    this.resolutions.copyEvent(`${how} to system ${newProduction.name}${forced ? ' (forced)' : ''}`);
    const oldProduction = this.production;
    oldProduction.variedOn = undefined;
    this.source?.stop();
    this.target?.stop();
    this.productionIndex = newProduction.index;
    this.mirrorOracle.promoted(forced, newProduction.iaspCopy, this.spec.mirroring.mode === 'sync');
    this.change(`system ${newProduction.name}`, 'production');
    const source = this.newSource(newProduction);
    if (how === 'switchover' && oldProduction.up) {
      this.newTarget(oldProduction);
      source.startActive();
    } else {
      // The old production copy must be brought in line when its system returns: production wins.
      if (oldProduction.up) this.newTarget(oldProduction).expectSync();
      else this.target = undefined;
      source.startWithFullSync(`${how}: the old production copy is synchronised from the new production`);
    }
    this.varyOnProduction(newProduction, source);
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
    const settled = (): boolean => this.source !== undefined && this.target !== undefined && this.source.inStep && this.target.state === 'mirroring';
    while (this.kernel.nowUs < deadlineUs && !settled()) {
      if (this.kernel.run({ untilUs: Math.min(deadlineUs, this.kernel.nowUs + 100_000) }) === 'quiescent') break;
    }
    const production = this.production;
    if (!production.up) return;
    this.mirrorOracle.finalCheck(production.iaspCopy, settled() ? this.targetNode.iaspCopy : undefined);
  }

  // ---- observers: what the logic reports, and what the disks see ----

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
    this.syncProgressSeries.push([this.kernel.nowUs, 0]);
    const targetDisk = this.mirrorOracle.targetDisk;
    if (targetDisk !== undefined) this.mirrorOracle.syncPlanned(plan.full, plan.pages, this.production.iaspCopy, targetDisk);
  }

  syncProgress(done: number, total: number): void {
    this.syncProgressSeries.push([this.kernel.nowUs, total === 0 ? 1 : done / total]);
  }

  syncCompleted(): void {
    this.syncProgressSeries.push([this.kernel.nowUs, 1]);
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

  pageRead(): void {}

  rangeWritten(): void {}

  private refuse(action: string, reason: string): void {
    this.refusals.push({ timeUs: this.kernel.nowUs, action, reason });
    this.kernel.probes.hit(`mirror.${action}Refused`);
    this.kernel.record('refused', { action, reason });
  }

  private change(subject: string, state: string, reason?: string): void {
    this.timeline.push({ timeUs: this.kernel.nowUs, subject, state });
    this.kernel.record('state', reason === undefined ? { subject, state } : { subject, state, reason });
  }
}
