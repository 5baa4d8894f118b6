// One system of a geographic mirror (DESIGN 4.3): its single-level store, its role (production or mirror
// target, persisted with a generation in its SYSASP), the mirroring side that role runs, IPL and restore
// sequencing, vary-on/off orchestration and role switches agreed with the peer over the channel. The world
// builds one per IPL on the same persistent devices; a crash drops it with all its volatile state.

import { assert } from '../assert.js';
import { MirrorSource } from '../geomirror/mirror-source.js';
import { MirrorTarget } from '../geomirror/mirror-target.js';
import type { BlockDevice } from '../ports/block-device.js';
import type { Channel } from '../ports/channel.js';
import type { Timer } from '../ports/timer.js';
import { InFlightDevice } from '../sls/in-flight-device.js';
import { SingleLevelStore } from '../sls/single-level-store.js';
import { PeerChannel } from './peer-channel.js';
import { decodeRole, encodeRole, type RoleRecord, SYSASP_ROLE_PAGE, type SystemRole, winsOver } from './role-record.js';
import { isRoleMessage, type RoleMessage, type SystemMessage } from './system-messages.js';
import type { CopyInUse, SystemConfig, SystemDevices, SystemObserver } from './system-ports.js';

export type { CopyInUse, SystemConfig, SystemDevices, SystemObserver } from './system-ports.js';

const NOT_PRODUCTION = 'this system is not production (or not ready)';
/** Retry delay for a SYSASP read or write that failed (transient errors). */
const RETRY_US = 1000;

interface InUse {
  readonly copy: CopyInUse;
  readonly device: InFlightDevice;
  /** The target that handed out the mirror copy, told when the vary-off completes. */
  readonly target: MirrorTarget | undefined;
}

/** A promotion between its decision and the role it writes: what to restore and whom to tell if voided. */
interface DecidedPromotion {
  readonly before: RoleRecord;
  readonly refused: (reason: string) => void;
  /** Its role write is outstanding: a replacement now is handled when that write completes. */
  persisting: boolean;
  replaced: boolean;
}

export class MirroredSystem {
  private record: RoleRecord | undefined;
  /** Production only: the peer agreed (or the configuration is fresh): it may run the mirror source. */
  private confirmed = false;
  private sls: SingleLevelStore | undefined;
  private source: MirrorSource | undefined;
  private sourceReady = false;
  private target: MirrorTarget | undefined;
  private side: PeerChannel | undefined;
  private inUse: InUse | undefined;
  private varyingOn = false;
  /** Vary-offs waiting for their copy's operations; bounded by the copies (one vary-off each at a time). */
  private readonly drains = new Set<{ readonly copy: CopyInUse; readonly finish: () => void }>();
  private switching: { readonly generation: number; sent: boolean; uncertain: boolean } | undefined;
  private promoting = false;
  /** A promotion decided and not yet production: voided if the mirror copy is replaced (a blank disk). */
  private decided: DecidedPromotion | undefined;
  /** Target only: the target whose replication a failover waits to go quiet (see `failover`). */
  private failoverWaitsFor: MirrorTarget | undefined;
  /** Target only: the copy may miss writes (restart, demotion, new disk) until production says it saw so. */
  private fresh = false;
  /** Demoted while production was varying on: the target is built once that vary-on ended and drained. */
  private afterProductionVaryOn: (() => void) | undefined;
  /** Not yet the target when its mirror copy was replaced (a switchover's old production): blank, not in step. */
  private copyReplacedBeforeTarget = false;
  /** Production only: the peer's target said it is fresh; handled once the source is ready. */
  private peerFresh = false;
  private halted = false;
  /** The peer's hello of the current connection was heard: the mirroring side's channel is up. */
  private peerHeard = false;

  constructor(
    private readonly config: SystemConfig,
    private readonly devices: SystemDevices,
    private readonly channel: Channel<SystemMessage>,
    private readonly timer: Timer,
    private readonly observer: SystemObserver,
  ) {
    assert(config.switchoverWaitUs > 0, 'a switchover waits some time', config.switchoverWaitUs);
    channel.onMessage((message) => !this.halted && this.receive(message));
    channel.onConnection((up) => !this.halted && this.connectionChanged(up));
  }

  get name(): string {
    return this.config.name;
  }

  /** The role this system holds (undefined until its IPL read it). */
  get role(): SystemRole | undefined {
    return this.record?.role;
  }

  get generation(): number | undefined {
    return this.record?.generation;
  }

  get copyInUse(): CopyInUse | undefined {
    return this.inUse?.copy;
  }

  /** A promotion is being decided or persisted, or a failover waits for replication to go quiet first. */
  private get promotionUnderWay(): boolean {
    return this.promoting || (this.failoverWaitsFor !== undefined && this.failoverWaitsFor === this.target);
  }

  /** A copy is varied on, being varied on, or being varied off (its operations not yet all completed). */
  private get copyBusy(): boolean {
    return this.inUse !== undefined || this.varyingOn || this.drains.size > 0;
  }

  /** Production: mirroring active, connected and every write acknowledged. */
  get mirroringInStep(): boolean {
    return this.sourceReady && this.source !== undefined && this.source.inStep;
  }

  /** Target: the mirror target runs and mirrors (not detached). */
  get targetMirroring(): boolean {
    return this.target !== undefined && this.target.state === 'mirroring' && !this.fresh;
  }

  /** A crash: nothing of this incarnation reacts again. */
  halt(): void {
    this.halted = true;
    this.retireSide();
  }

  /** IPL: opens the store, reads the role, restores the mirroring side; `reVaryOn`: a target copy in use. */
  ipl(first: boolean, reVaryOn: 'mirror' | 'storage' | undefined): void {
    const { name, systemNumber, dataPageCount, addressPolicy } = this.config;
    const { sysasp } = this.devices;
    const sls = new SingleLevelStore(name, systemNumber, sysasp, dataPageCount, addressPolicy, this.observer);
    this.sls = sls;
    const open = (): void => sls.open((result) => {
      if (this.halted) return;
      if (!result.ok) return void this.timer.after(RETRY_US, open);
      this.readRole(first, reVaryOn);
    });
    open();
  }

  private readRole(first: boolean, reVaryOn: 'mirror' | 'storage' | undefined): void {
    this.devices.sysasp.read(SYSASP_ROLE_PAGE, (read) => {
      if (this.halted) return;
      if (!read.ok) return void this.timer.after(RETRY_US, () => this.readRole(first, reVaryOn));
      const record = decodeRole(read.token, this.config.initialRole);
      this.record = record;
      if (record.role === 'production' && first) {
        // A fresh configuration: both copies are empty and identical, the roles are the configured ones.
        this.confirmed = true;
        this.buildSource((source, ready) => {
          source.startActive();
          ready();
        });
      } else if (record.role === 'target') {
        const target = this.buildTarget();
        if (!first) {
          this.fresh = true;
          target.restarted();
          target.restore(() => {
            if (this.target !== target || reVaryOn === undefined) return;
            this.reportRefusal('varyOn', this.varyOnTarget(reVaryOn));
          });
        }
      }
      // A production restarted waits for the peer (hello) before it runs: the peer may have been promoted.
      this.observer.systemUp(this.name);
      this.sayHello(true);
    });
  }

  // ---- operator requests (a refusal is returned, or reported later when found later) ----

  detach(track: boolean): string | undefined {
    const source = this.readySource();
    if (source === undefined) return NOT_PRODUCTION;
    if (this.switching !== undefined) return 'a switchover is under way';
    if (source.state !== 'active' || !this.channel.connected) return this.mirroringIs(source);
    const range = this.sls?.takeRangeForDetach();
    if (range !== undefined) this.observer.rangeAssignedAtDetach(range);
    return source.detach(track, range);
  }

  reattach(): string | undefined {
    const source = this.readySource();
    if (source === undefined) return NOT_PRODUCTION;
    const refusal = source.reattach();
    // Invalidate-on-reattach (the address policy decides whether it does anything): here and at the target.
    if (refusal === undefined) this.sls?.noteNewCopy(() => {});
    return refusal;
  }

  resume(): string | undefined {
    return this.readySource()?.resume() ?? NOT_PRODUCTION;
  }

  varyOnProduction(): string | undefined {
    const sls = this.sls;
    const source = this.readySource();
    // Defence in depth (confirmed): an unconfirmed production has no ready source.
    if (sls === undefined || source === undefined || !this.confirmed) return 'production is not ready';
    if (this.switching !== undefined) return 'a switchover is under way';
    if (this.copyBusy) return 'the production copy is in use';
    this.varyingOn = true;
    const device = new InFlightDevice(source);
    sls.varyOn(device, (result) => {
      this.varyingOn = false;
      if (this.halted) return;
      const demoted = this.afterProductionVaryOn;
      this.afterProductionVaryOn = undefined;
      // Its copy is no longer production's: varied off at once, and the target built once nothing is in flight.
      if (demoted !== undefined) return void sls.varyOff(() => device.whenDrained(demoted));
      if (!result.ok) return this.refuse('varyOn', `production vary-on failed (${result.error})`);
      if (this.source !== source || this.switching !== undefined) return void sls.varyOff(() => {});
      this.inUse = { copy: 'mirrored', device, target: undefined };
      this.observer.variedOn(this.name, 'mirrored', sls);
    });
    return undefined;
  }

  varyOffProduction(): string | undefined {
    if (this.record?.role !== 'production' || this.inUse === undefined) return 'production has nothing varied on';
    // Defence in depth: a switchover varies production off first, leaving nothing to vary off.
    if (this.switching !== undefined) return 'a switchover is under way';
    this.varyOff(() => {});
    return undefined;
  }

  varyOnTarget(copy: 'mirror' | 'storage'): string | undefined {
    const sls = this.sls;
    const target = this.target;
    const isTarget = this.record?.role === 'target' && target !== undefined && sls !== undefined;
    if (!isTarget) return 'this system is not the mirror target';
    if (this.copyBusy) return 'a copy is already varied on at the target';
    if (this.promotionUnderWay) return 'a promotion is under way';
    let device: BlockDevice;
    let isNew = false;
    if (copy === 'storage') {
      const storage = this.devices.storageCopy();
      if (storage === undefined) return 'no storage copy has been made';
      device = storage.device;
      isNew = storage.isNew;
    } else {
      const decision = target.deviceForVaryOn();
      if ('refused' in decision) return decision.refused;
      device = this.devices.applicationPath(decision.device);
    }
    const which: CopyInUse = copy === 'storage' ? 'storageCopy' : 'mirrorCopy';
    const counted = new InFlightDevice(device);
    this.varyingOn = true;
    const varyOn = (): void => sls.varyOn(counted, (result) => {
      this.varyingOn = false;
      if (this.halted) return;
      if (!result.ok) {
        // The copy was never in use: the target may reattach it again.
        if (which === 'mirrorCopy') target.variedOff();
        this.observer.varyOnFailed(this.name, which);
        return this.refuse('varyOn', `vary-on failed (${result.error})`);
      }
      if (isNew) this.devices.storageCopyUsed();
      this.inUse = { copy: which, device: counted, target: which === 'mirrorCopy' ? target : undefined };
      this.observer.variedOn(this.name, which, sls);
    });
    const start = (): void => (isNew ? sls.noteNewCopy(varyOn) : varyOn());
    if (copy === 'storage') start();
    // Replicated writes sent before the detach may still be landing on the detached copy: its applications
    // open it once they have (the copy is marked varied on, so no reattach starts meanwhile).
    else target.whenReplicationIdle(() => {
      if (this.halted) return;
      if (this.target === target) return start();
      this.varyingOn = false;
      this.observer.varyOnFailed(this.name, which);
      this.refuse('varyOn', 'the mirror copy was replaced');
    });
    return undefined;
  }

  varyOffTarget(): string | undefined {
    if (this.record?.role !== 'target' || this.inUse === undefined) return 'nothing is varied on at the target';
    this.varyOff(() => {});
    return undefined;
  }

  /** The operator put this system's mirror copy on a new, blank disk (the world swapped the device). */
  mirrorCopyReplaced(): void {
    const decided = this.decided;
    if (decided !== undefined) {
      // A promotion decided on the old disk must not make the blank new one production. Before its role
      // write it ends now; with that write outstanding, once it completed (one role write at a time).
      if (decided.persisting) {
        decided.replaced = true;
        return;
      }
      this.voidPromotion(decided);
    }
    if (this.record?.role !== 'target' || this.target === undefined) {
      // Its peer already holds production (a switchover this system has not yet heard confirmed): the copy it
      // becomes the target on is the new blank disk, whatever the switchover says about the copies.
      this.copyReplacedBeforeTarget = true;
      return;
    }
    this.targetOnNewCopy();
  }

  /** The target's mirror copy is a new disk: the target is rebuilt on it, fresh (not in step). */
  private targetOnNewCopy(): void {
    if (this.inUse?.copy === 'mirrorCopy') this.varyOff(() => {});
    // The old disk is gone: what it still holds in flight can never reach the new copy.
    for (const drain of [...this.drains]) if (drain.copy === 'mirrorCopy') drain.finish();
    const target = this.buildTarget();
    this.fresh = true;
    target.restarted();
    target.onBlankCopy();
    target.restore(() => {});
    this.sayHello(true);
  }

  /** The decided promotion ends refused; the role is the target's again (the record it had before). */
  private voidPromotion(decided: DecidedPromotion): void {
    assert(this.decided === decided, 'the promotion voided is the one decided');
    this.decided = undefined;
    this.promoting = false;
    this.record = decided.before;
    decided.refused('the mirror copy was replaced during the promotion');
  }

  /** Planned role swap, asked of production: vary off, wait for the copies in step, ask the target. */
  switchover(): string | undefined {
    const source = this.readySource();
    const record = this.record;
    if (source === undefined || record === undefined || !this.confirmed) return NOT_PRODUCTION;
    if (this.switching !== undefined) return 'a switchover is under way';
    if (source.state !== 'active' || !this.channel.connected) return this.mirroringIs(source);
    const switching = { generation: record.generation + 1, sent: false, uncertain: false };
    this.switching = switching;
    const giveUp = (reason: string): void => {
      this.switching = undefined;
      this.refuse('switchover', reason);
      this.varyOnProduction();
    };
    const ask = (): void => void this.timer.after(this.config.switchoverWaitUs, () => {
      if (this.switching !== switching || this.source !== source) return;
      if (!source.inStep) return giveUp(`the copies are not in step (${this.mirroringIs(source)})`);
      const sent = this.channel.send({ kind: 'switchover', generation: switching.generation }, 64);
      if (!sent) return giveUp('the link is down');
      switching.sent = true;
    });
    this.varyOff(ask);
    return undefined;
  }

  /** Unplanned, asked of the target once production is lost: promote if the promotion rules allow. */
  failover(forced: boolean): string | undefined {
    const record = this.record;
    if (record?.role !== 'target' || this.target === undefined) return 'this system is not the mirror target';
    if (this.promotionUnderWay || this.varyingOn) return 'a promotion or a vary-on is under way';
    const target = this.target;
    this.varyOff(() => {
      if (this.target !== target || this.halted) return;
      // A replicated write or synchronisation range of the lost production may still be landing: decide on the
      // copy only once nothing more lands on it, or it changes under the new production's applications.
      this.failoverWaitsFor = target;
      target.whenReplicationIdle(() => {
        if (this.failoverWaitsFor === target) this.failoverWaitsFor = undefined;
        if (this.target !== target || this.halted) return;
        this.promote(forced, 'failover', record.generation + 1, (refusal) => this.refuse('failover', refusal));
      });
    });
    return undefined;
  }

  // ---- role switches ----

  /**
   * Checks the copy still answers, decides by the promotion rules and, if allowed, persists the new role before
   * acting on it; a refusal goes to `refused`. `promoting` holds other role actions off from the start.
   */
  private promote(
    forced: boolean, how: 'switchover' | 'failover', generation: number, refused: (reason: string) => void,
  ): void {
    const target = this.target;
    const record = this.record;
    if (record?.role !== 'target' || target === undefined) return refused('this system is not the mirror target');
    assert(generation > record.generation, 'a promotion raises the role generation', generation);
    // Two failovers asked while the copy drained: the second finds the first under way.
    // Defence in depth: a second promotion would find the copy promoted, or the target retired.
    if (this.promoting) return refused('a promotion is under way');
    this.promoting = true;
    target.checkCopy((failure) => {
      if (this.halted) return;
      // The mirror copy was replaced while it was asked (a new target runs): this promotion is void.
      const changed = this.target !== target ? 'the mirror copy was replaced during the promotion' : undefined;
      if (changed !== undefined || failure !== undefined) {
        this.promoting = false;
        return refused(changed ?? failure ?? '');
      }
      this.decideAndPromote(forced, how, generation, refused);
    });
  }

  private decideAndPromote(
    forced: boolean, how: 'switchover' | 'failover', generation: number, refused: (reason: string) => void,
  ): void {
    const target = this.target;
    assert(target !== undefined && this.record?.role === 'target', 'a promotion decided on a target');
    const decision = target.decidePromotion(forced, this.config.mirror.mode === 'async');
    if (!decision.allowed) {
      this.promoting = false;
      return refused(decision.reason);
    }
    const decided: DecidedPromotion = { before: this.record, refused, persisting: false, replaced: false };
    this.decided = decided;
    this.record = { role: 'production', generation };
    // Replication stops writing the copy before it becomes production: a replicated write or a synchronisation
    // range still on the disk (which completes in any order) would otherwise land later, over the new
    // production's own writes or under its applications' reads.
    target.stop();
    target.whenReplicationIdle(() => {
      if (this.halted) return;
      // A copy replaced meanwhile voided this promotion (and rebuilt the target on the new disk).
      if (this.decided !== decided) return;
      // Defence in depth: while a promotion is decided, only a replacement builds another target.
      if (this.target !== target) {
        this.promoting = false;
        return;
      }
      this.becomeProduction(forced, how, generation, decided);
    });
  }

  /** The promoted copy is quiet: persists the role, then runs the mirror source on it. */
  private becomeProduction(
    forced: boolean, how: 'switchover' | 'failover', generation: number, decided: DecidedPromotion,
  ): void {
    decided.persisting = true;
    this.persistRole(() => {
      if (decided.replaced) {
        // The copy was replaced while the role was written: the target's role is written back, then the
        // target is rebuilt on the new disk. The peer heard nothing of the promotion.
        this.voidPromotion(decided);
        this.persistRole(() => {});
        return this.targetOnNewCopy();
      }
      this.decided = undefined;
      this.promoting = false;
      this.confirmed = true;
      this.observer.roleChanged(this.name, 'production', how, forced);
      this.buildSource((source, ready) => {
        if (how === 'switchover') source.startActive();
        else source.startWithFullSync(`${how}: the old production copy is synchronised from the new production`);
        ready();
      });
      if (how === 'switchover') this.channel.send({ kind: 'switchoverDone', generation }, 64);
      // A failover's old production may have restarted meanwhile, still production by its record, and heard
      // this system as the target: told now, it yields (a higher generation) instead of running beside it.
      else this.sayHello(true);
    });
  }

  /** The peer took over at `generation` (switchover) or holds production at a higher generation. */
  private becomeTarget(generation: number, how: string, inStepBefore: boolean): void {
    const blank = this.copyReplacedBeforeTarget;
    const inStep = inStepBefore && !blank;
    this.copyReplacedBeforeTarget = false;
    this.record = { role: 'target', generation };
    this.confirmed = false;
    this.switching = undefined;
    const build = (): void => {
      if (this.halted || this.record?.role !== 'target') return;
      // Built at once, so no replicated write of the new production misses it; then the role is persisted.
      const target = this.buildTarget();
      target.startFresh(inStep, blank);
      // Defence in depth: a failover's promotion synchronises the old production in full anyway.
      this.fresh = !inStep;
      this.persistRole(() => this.observer.roleChanged(this.name, 'target', how, false));
      this.sayHello(true);
    };
    // The peer holds production: writes still waiting for its acknowledgement never get one. The source fails
    // them, so a vary-off (waiting for the store's requests) or a production vary-on under way ends.
    this.source?.abandon();
    if (this.varyingOn) this.afterProductionVaryOn = build;
    else if (this.inUse !== undefined) this.varyOff(build);
    else build();
  }

  private persistRole(done: () => void): void {
    const record = this.record;
    assert(record !== undefined, 'a role is persisted only once known');
    this.devices.sysasp.write(SYSASP_ROLE_PAGE, encodeRole(record), (result) => {
      if (this.halted) return;
      if (!result.ok) return void this.timer.after(RETRY_US, () => this.persistRole(done));
      done();
    });
  }

  // ---- the channel ----

  private connectionChanged(up: boolean): void {
    if (!up) {
      this.peerHeard = false;
      this.side?.setOpen(false);
      if (this.switching?.sent === true) this.switching.uncertain = true;
      return;
    }
    this.sayHello(false);
  }

  private receive(message: SystemMessage): void {
    if (isRoleMessage(message)) return this.receiveRole(message);
    if (message.kind === 'reattach' && this.target !== undefined) this.sls?.noteNewCopy(() => {});
    this.side?.deliver(message);
  }

  private receiveRole(message: RoleMessage): void {
    switch (message.kind) {
      case 'hello':
        if (message.ask) this.sayHello(false);
        this.peerHeard = true;
        // Roles first (a fresh target invalidates production's tracking), then mirroring resumes.
        this.peerSaid(message.role, message.generation, message.systemNumber, message.fresh);
        return this.openSide();
      case 'freshSeen':
        this.fresh = false;
        this.target?.restartSeen();
        return;
      case 'switchover':
        return this.switchoverAsked(message.generation, (reason) => {
          this.channel.send({ kind: 'switchoverRefused', reason }, 64);
        });
      case 'switchoverDone':
        if (this.switching === undefined || message.generation !== this.switching.generation) return;
        return this.becomeTarget(message.generation, 'switchover', true);
      case 'switchoverRefused': {
        if (this.switching === undefined) return;
        this.switching = undefined;
        this.refuse('switchover', message.reason);
        this.varyOnProduction();
        return;
      }
    }
  }

  private switchoverAsked(generation: number, refused: (reason: string) => void): void {
    const record = this.record;
    if (record?.role !== 'target' || this.target === undefined) return refused('the peer is not the mirror target');
    if (this.copyBusy) return refused('the target copy is varied on');
    if (this.promotionUnderWay) return refused('a promotion is under way');
    if (generation <= record.generation) return refused('the request is from an older role generation');
    this.promote(false, 'switchover', generation, refused);
  }

  /** Roles agreed at every connection: production wins by generation; a fresh target is synchronised. */
  private peerSaid(role: SystemRole, generation: number, systemNumber: number, fresh: boolean): void {
    const record = this.record;
    // Defence in depth (promoting): a higher generation demotes this production at the next hello.
    if (record === undefined || this.promoting) return;
    if (record.role === 'target') {
      if (role === 'production' && generation > record.generation) {
        this.record = { role: 'target', generation };
        this.persistRole(() => {});
      }
      return;
    }
    if (role === 'production' && !winsOver(record.generation, this.config.systemNumber, generation, systemNumber)) {
      return this.becomeTarget(generation, 'demoted: the peer holds production at a higher generation', false);
    }
    if (role === 'target' && this.switching?.uncertain === true) {
      // The request or its answer was lost with the connection, and the peer is still the target: refused.
      this.switching = undefined;
      this.refuse('switchover', 'the switchover request was lost with the connection');
    }
    if (role === 'target' && fresh) this.peerFresh = true;
    if (!this.confirmed) {
      this.confirmed = true;
      // Said again at every restart: a crash can cut off the report of a promotion whose role had landed.
      this.observer.roleChanged(this.name, 'production', 'restored at IPL', false);
      return this.buildSource((source, ready) => source.restore(ready));
    }
    this.peerFreshHandled();
    this.varyOnProduction();
  }

  private peerFreshHandled(): void {
    if (!this.peerFresh || !this.sourceReady || this.source === undefined) return;
    this.peerFresh = false;
    this.source.targetRestarted('the target restarted its mirroring (IPL, new disk or demotion): full synchronisation');
    this.channel.send({ kind: 'freshSeen' }, 64);
  }

  private sayHello(ask: boolean): void {
    const record = this.record;
    if (record === undefined || !this.channel.connected) return;
    const fresh = record.role === 'target' && this.fresh;
    const { systemNumber } = this.config;
    const { role, generation } = record;
    this.channel.send({ kind: 'hello', role, generation, systemNumber, fresh, ask }, 64);
  }

  // ---- sides and copies ----

  private buildSource(start: (source: MirrorSource, ready: () => void) => void): void {
    this.retireSide();
    const side = new PeerChannel(this.channel);
    this.side = side;
    const { mirror, mirrorPolicy } = this.config;
    const { sysasp } = this.devices;
    const copy = this.devices.mirrorCopy();
    const source = new MirrorSource(copy, sysasp, side, this.timer, mirror, mirrorPolicy, this.observer);
    this.source = source;
    this.openSide();
    start(source, () => {
      if (this.source !== source || this.halted) return;
      this.sourceReady = true;
      this.peerFreshHandled();
      this.varyOnProduction();
    });
  }

  private openSide(): void {
    // Defence in depth (peerHeard): opened early, a side sends only what the peer ignores (docs/guards.md).
    if (this.peerHeard && this.channel.connected) this.side?.setOpen(true);
  }

  private buildTarget(): MirrorTarget {
    this.retireSide();
    const side = new PeerChannel(this.channel);
    this.side = side;
    const { mirror, mirrorPolicy } = this.config;
    const device = this.devices.replicationPath(this.devices.mirrorCopy());
    const { suspendTimeoutUs, trackingPageLimit } = mirror;
    const target = new MirrorTarget(device, this.devices.sysasp, side, this.timer, suspendTimeoutUs, trackingPageLimit,
      mirrorPolicy, this.observer);
    this.target = target;
    this.openSide();
    return target;
  }

  private retireSide(): void {
    this.side?.retire();
    this.source?.stop();
    this.target?.stop();
    this.side = undefined;
    this.source = undefined;
    this.target = undefined;
    this.sourceReady = false;
  }

  /** Completes only once every operation the store issued to the copy has completed. */
  private varyOff(done: () => void): void {
    const used = this.inUse;
    const sls = this.sls;
    if (used === undefined || sls === undefined) return done();
    this.inUse = undefined;
    assert(this.drains.size < 3, 'more vary-offs pending than copies', this.drains.size);
    const drain = {
      copy: used.copy,
      finish: (): void => {
        if (this.halted || !this.drains.delete(drain)) return;
        used.target?.variedOff();
        done();
      },
    };
    this.drains.add(drain);
    this.observer.varyingOff(this.name, used.copy);
    sls.varyOff(() => used.device.whenDrained(drain.finish));
  }

  private readySource(): MirrorSource | undefined {
    return this.record?.role === 'production' && this.sourceReady ? this.source : undefined;
  }

  private mirroringIs(source: MirrorSource): string {
    return `mirroring is ${source.state}${this.channel.connected ? '' : ', link down'}`;
  }

  private refuse(action: string, reason: string): void {
    this.observer.refused(this.name, action, reason);
  }

  private reportRefusal(action: string, reason: string | undefined): void {
    if (reason !== undefined) this.refuse(action, reason);
  }
}
