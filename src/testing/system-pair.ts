// Two systems of a geographic mirror on in-memory ports (one ManualWorld, linked channels, a timer per system
// that its crash silences), for millisecond tests of the system component's guards: role switches, vary-on and
// vary-off orchestration, refusals. `run` delivers disk completions, then messages, then timers.

import { MIRROR_POLICIES, type MirrorPolicy } from '../geomirror/mirror-policy.js';
import type { MirrorConfig } from '../geomirror/mirror-source.js';
import type { BlockDevice } from '../ports/block-device.js';
import type { Timer } from '../ports/timer.js';
import { ADDRESS_POLICIES, type AddressPolicy } from '../sls/address-policy.js';
import { iaspPageCount, sysaspPageCount } from '../sls/iasp-layout.js';
import type { SingleLevelStore } from '../sls/single-level-store.js';
import { MirroredSystem, type SystemObserver } from '../system/mirrored-system.js';
import type { SystemMessage } from '../system/system-messages.js';
import { LinkedChannels } from './linked-channel.js';
import { ManualWorld, MemoryBlockDevice, type PendingOperation } from './manual-io.js';

export const SYSTEM_DATA_PAGES = 64;
export const SYSTEM_MIRROR_CONFIG: MirrorConfig = {
  mode: 'sync', suspendTimeoutUs: 1_000_000, tracking: true, trackingPageLimit: 64, regionPages: 1 << 14,
  pauseBetweenRegionsUs: 0, autoResume: true,
};
const RUN_STEP_LIMIT = 1_000_000;

/** The timer of one system: a crash ends every callback still pending (the port's promise). */
class SystemTimer implements Timer {
  private incarnation = 0;

  constructor(private readonly world: ManualWorld) {}

  nowUs(): number {
    return this.world.nowUs();
  }

  after(delayUs: number, callback: () => void): () => void {
    const incarnation = this.incarnation;
    return this.world.after(delayUs, () => incarnation === this.incarnation && callback());
  }

  crash(): void {
    this.incarnation += 1;
  }
}

export interface SystemEvents {
  readonly refusals: string[];
  readonly roles: string[];
  readonly invalidations: number[];
  readonly stores: SingleLevelStore[];
}

export class SystemNode {
  readonly sysasp: MemoryBlockDevice;
  copy: MemoryBlockDevice;
  storage: { readonly device: BlockDevice; isNew: boolean } | undefined;
  system!: MirroredSystem;
  readonly events: SystemEvents = { refusals: [], roles: [], invalidations: [], stores: [] };
  readonly timer: SystemTimer;

  constructor(readonly pair: SystemPair, readonly name: 'A' | 'B', readonly index: 0 | 1) {
    this.timer = new SystemTimer(pair.world);
    this.sysasp = new MemoryBlockDevice(pair.world, `${name}.sysasp`, sysaspPageCount(16));
    this.copy = new MemoryBlockDevice(pair.world, `${name}.iasp`, iaspPageCount(SYSTEM_DATA_PAGES));
  }

  /** Builds this system's component (a new incarnation on the same devices) and starts its IPL. */
  ipl(first: boolean): MirroredSystem {
    const { pair, name, index } = this;
    const observer: SystemObserver = {
      sourceState() {}, syncPlanned() {}, syncProgress() {}, syncCompleted() {}, targetVariedOn() {}, promotion() {},
      rangeInUse() {}, pointersInvalidated: ({ epoch }) => void this.events.invalidations.push(epoch),
      systemUp() {}, variedOn: (_system, _copy, sls) => void this.events.stores.push(sls), varyingOff() {},
      varyOnFailed() {}, refused: (_system, action, reason) => void this.events.refusals.push(`${action}: ${reason}`),
      roleChanged: (_system, role, how) => void this.events.roles.push(`${role} (${how})`),
      rangeAssignedAtDetach() {},
    };
    this.system = new MirroredSystem({
      name, systemNumber: index === 0 ? 1 : 2, dataPageCount: SYSTEM_DATA_PAGES,
      initialRole: index === 0 ? 'production' : 'target', mirror: pair.mirrorConfig, mirrorPolicy: pair.mirrorPolicy,
      addressPolicy: pair.addressPolicy, switchoverWaitUs: 10_000,
    }, {
      sysasp: this.sysasp, mirrorCopy: () => this.copy, storageCopy: () => this.storage,
      storageCopyUsed: () => {
        if (this.storage !== undefined) this.storage.isNew = false;
      },
      replicationPath: (device) => device, applicationPath: (device) => device,
    }, pair.link.ends[index], this.timer, observer);
    this.system.ipl(first, undefined);
    return this.system;
  }

  /** Power loss: the component stops, its timers end, its disks drop what was outstanding, the link goes. */
  crash(): void {
    this.system.halt();
    this.timer.crash();
    const mine = (operation: PendingOperation) => operation.device.startsWith(`${this.name}.`);
    const kept = this.pair.world.pending.filter((operation) => !mine(operation));
    this.pair.world.pending.splice(0, this.pair.world.pending.length, ...kept);
    this.pair.link.setConnected(false);
  }

  /** The store of the copy varied on last (production's or the target's). */
  get store(): SingleLevelStore {
    const store = this.events.stores.at(-1);
    if (store === undefined) throw new Error(`nothing was varied on at ${this.name}`);
    return store;
  }
}

export class SystemPair {
  readonly world = new ManualWorld();
  readonly link = new LinkedChannels<SystemMessage>();
  readonly nodes: readonly [SystemNode, SystemNode];

  constructor(
    readonly mirrorConfig: MirrorConfig = SYSTEM_MIRROR_CONFIG,
    readonly mirrorPolicy: MirrorPolicy = MIRROR_POLICIES.correct,
    readonly addressPolicy: AddressPolicy = ADDRESS_POLICIES['system-unique'],
  ) {
    this.nodes = [new SystemNode(this, 'A', 0), new SystemNode(this, 'B', 1)];
  }

  get a(): MirroredSystem {
    return this.nodes[0].system;
  }

  get b(): MirroredSystem {
    return this.nodes[1].system;
  }

  /** A fresh configuration: both systems IPL for the first time; production varies its copy on. */
  start(): this {
    for (const node of this.nodes) node.ipl(true);
    this.run();
    return this;
  }

  /** Disk completions first, then messages, then timers; completions matching `hold` come last of all. */
  run(until: () => boolean = () => false, hold: (operation: PendingOperation) => boolean = () => false): boolean {
    for (let steps = 0; steps < RUN_STEP_LIMIT; steps += 1) {
      if (until()) return true;
      if (this.world.pending.some((operation) => !hold(operation))) this.world.step('fifo', hold);
      else if (!this.link.deliverOne() && !this.world.fireNextTimer() && !this.world.step('fifo', hold)) return false;
    }
    throw new Error(`the systems did not go quiet within ${RUN_STEP_LIMIT} steps`);
  }

  /** Messages of `kind` system `index` sent so far. */
  sentBy(index: 0 | 1, kind: string): number {
    return this.link.ends[index].sent.filter((message) => message.kind === kind).length;
  }
}
