// Liveness, judged (DESIGN 5): after `liveness.heal` every fault has stopped; within `convergeWithin` the
// world must be seen converged with the oracle's own eyes, and a legal operator action accepted. A miss is
// a `liveness` violation, kept apart from safety ones, with what was still not converged and since when.
//
// What it reads: which systems are up (the world's crash and IPL events), disk contents (`writtenPages`,
// the duplexed volume's persisted status entries), whether a disk has failed, when production last had an
// application write acknowledged (the workload's outcomes, through the mirror and volume oracles), when a
// replication write last landed on the target's copy (the observed replication path), and which system holds
// the production role (the role swap the world wired). It reads no state the logic reports about itself.
// Until converged, at each look, the phase's operator asks for the normal configuration back (the target's
// copy varied off, reattach, resume, production varied on; for a volume, recover, or forceRecovery when the
// persisted flags call for the seed's operator path: ordinary requests, refused when they do not apply).
// Converged, for two systems: both up; production's applications have a write acknowledged after the heal;
// a replication write landed on the target's copy after the heal; and the copies in step: no page differs
// with the same content at two successive looks (a page in flight differs only for a moment). Then the
// legal action is a switchover (the swarm's own action, through the same world method), asked again at each
// look while refused (after the restoring requests again): accepted when the production role moves. For a duplexed volume: up, both disks
// working, both status entries clean, the copies in step in the same sense, and an application write
// acknowledged after the heal.
// Areas not verified: volume pages in doubt (a write in flight at a crash may have landed on one copy
// only: either version is allowed, as the safety check allows it); the write conditions when the production
// system's workload issues no writes; the volume's legal action (nothing is legal and observable on a
// healthy volume but the workload itself);
// what happens after the switchover (the run's final checks judge that).

import { STATUS_PAGE, decodeStatus } from '../../src/duplex/status-entry.js';
import type { Kernel } from '../kernel/kernel.js';
import { formatShortUs } from '../kernel/time.js';
import type { StateChange } from '../world/duplex-world.js';
import { type SimulatedDisk, differingPages } from '../world/simulated-disk.js';
import type { World } from '../world/world.js';
import type { Violation, ViolationLog } from './violations.js';

/** How often the judge looks while waiting for convergence (also the "two successive looks" apart). */
export const LIVENESS_LOOK_US = 1_000_000;
const SHOWN_CHANGES = 6;
const RESTORING_REQUESTS: readonly (readonly [string, Readonly<Record<string, unknown>>])[] = [
  ['varyOff', { system: 'target' }], ['reattach', {}], ['resume', {}], ['varyOn', { system: 'production' }],
];

export interface LivenessCondition {
  readonly name: string;
  readonly holds: boolean;
  /** Since when it has held, or not held (the first look after the heal at the latest). */
  readonly sinceUs: number;
  readonly detail: string;
}

export interface LivenessResult {
  readonly healUs: number;
  readonly deadlineUs: number;
  readonly convergedAtUs: number | null;
  readonly actionRequestedAtUs: number | null;
  readonly actionAcceptedAtUs: number | null;
  readonly conditions: readonly LivenessCondition[];
  readonly violations: readonly Violation[];
}

export class LivenessOracle {
  private readonly conditions = new Map<string, { holds: boolean; sinceUs: number; detail: string }>();
  /** Pages that differed at the last look, per pair of disks: page → the two tokens then. */
  private readonly lastLook = new Map<string, Map<number, string>>();
  private convergedAtUs: number | undefined;
  private actionRequestedAtUs: number | undefined;
  private actionAcceptedAtUs: number | undefined;
  private productionAtRequest: string | undefined;
  private missed = false;
  restoreRequests = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly log: ViolationLog,
    private readonly world: World,
    readonly healUs: number,
    readonly convergeWithinUs: number,
    /** Applies an operator action through the action catalog (the same world methods the scenario uses). */
    private readonly requestAction: (action: string, params?: Readonly<Record<string, unknown>>) => void,
  ) {}

  get deadlineUs(): number {
    return this.healUs + this.convergeWithinUs;
  }

  /** Converged and, with two systems, the legal action accepted: nothing more to wait for. */
  get settled(): boolean {
    return this.convergedAtUs !== undefined && (this.world.geo === undefined || this.actionAcceptedAtUs !== undefined);
  }

  /** Settled, or the miss reported: no more looks. */
  get done(): boolean {
    return this.settled || this.missed;
  }

  /** Schedules the looks: the first one LIVENESS_LOOK_US after the heal, the last one at the deadline. */
  start(): void {
    const lookKind = this.kernel.kind('liveness.look');
    const next = (): void => {
      this.look();
      if (this.settled) return;
      if (this.kernel.nowUs >= this.deadlineUs) return this.miss();
      this.kernel.schedule(Math.min(LIVENESS_LOOK_US, this.deadlineUs - this.kernel.nowUs), lookKind, next);
    };
    this.kernel.scheduleAt(Math.min(this.healUs + LIVENESS_LOOK_US, this.deadlineUs), lookKind, next);
  }

  /** One look, after the heal. */
  look(): void {
    const geo = this.world.geo;
    const waiting = this.actionRequestedAtUs !== undefined && this.actionAcceptedAtUs === undefined;
    if (waiting && geo !== undefined && geo.production.name !== this.productionAtRequest) {
      this.actionAcceptedAtUs = this.kernel.nowUs;
      const moved = `switchover moved production from ${this.productionAtRequest} to ${geo.production.name}`;
      this.set('operatorActionAccepted', true, moved);
    }
    if (this.convergedAtUs !== undefined) {
      // A refused request is retried at each look, as an operator would (the logic may still be finishing
      // a synchronisation it does not yet count as in step), after asking again for the normal configuration:
      // copies in step by the oracle's eyes do not make mirroring active (a detached copy nobody writes).
      if (this.actionAcceptedAtUs === undefined && geo !== undefined) {
        this.restore();
        this.requestAction('switchover');
      }
      return;
    }
    const results = [...this.geoConditions(), ...this.volumeConditions()];
    for (const [name, holds, detail] of results) this.set(name, holds, detail);
    if (!results.every(([, holds]) => holds)) return this.restore();
    this.convergedAtUs = this.kernel.nowUs;
    this.kernel.record('liveness', { converged: this.kernel.nowUs });
    if (geo === undefined) return;
    this.productionAtRequest = geo.production.name;
    this.actionRequestedAtUs = this.kernel.nowUs;
    this.set('operatorActionAccepted', false, 'a switchover was requested in the healed state');
    this.requestAction('switchover');
  }

  /**
   * The liveness phase's operator brings the systems back to their normal configuration, at each look
   * until converged: the target's copy varied off, the mirror reattached or resumed, production varied on;
   * a volume recovered (forced only when the seed's operator path is called for, from the persisted flags).
   * Each is an ordinary operator request through the action catalog, refused (and counted) when it does not
   * apply; what the logic accepts is its own decision.
   */
  private restore(): void {
    const storage = this.world.storage;
    if (storage !== undefined && this.conditions.get('recoveryFinished')?.holds === false) {
      this.restoreRequests += 1;
      this.requestAction(storage.operatorPathCalledFor() ? 'forceRecovery' : 'recover');
    }
    if (this.world.geo === undefined) return;
    this.restoreRequests += 1;
    for (const [action, params] of RESTORING_REQUESTS) this.requestAction(action, params);
  }

  /** The deadline passed (or the world went quiet) before everything converged. */
  miss(): void {
    if (this.missed || this.settled) return;
    this.missed = true;
    const failing = [...this.conditions].filter(([, condition]) => !condition.holds);
    const names = failing.map(([name]) => name).join(', ') || 'nothing was looked at';
    const bound = `${formatShortUs(this.convergeWithinUs)} of the heal at ${formatShortUs(this.healUs)}`;
    this.log.report('liveness', `not converged within ${bound}: ${names}`, [
      `every fault stopped at the heal, ${formatShortUs(this.healUs)}; deadline ${formatShortUs(this.deadlineUs)}`,
      ...failing.map(([name, condition]) =>
        `${name} still not holding (since ${formatShortUs(condition.sinceUs)}): ${condition.detail}`),
      ...this.lastChanges().map((change) =>
        `last state changes: ${formatShortUs(change.timeUs)} ${change.subject} ${change.state}`),
    ]);
  }

  result(): LivenessResult {
    return {
      healUs: this.healUs,
      deadlineUs: this.deadlineUs,
      convergedAtUs: this.convergedAtUs ?? null,
      actionRequestedAtUs: this.actionRequestedAtUs ?? null,
      actionAcceptedAtUs: this.actionAcceptedAtUs ?? null,
      conditions: [...this.conditions].map(([name, condition]) => ({ name, ...condition })),
      violations: this.log.violations.filter((violation) => violation.invariant === 'liveness'),
    };
  }

  private geoConditions(): [string, boolean, string][] {
    const geo = this.world.geo;
    if (geo === undefined) return [];
    const production = geo.production;
    const target = geo.targetNode;
    const applications = this.world.scenario.geo!.applications;
    const rates = production.index === 0 ? applications.production : applications.target;
    const upOrDown = (node: { name: string; up: boolean }): string => `system ${node.name} ${node.up ? 'up' : 'down'}`;
    const conditions: [string, boolean, string][] = [
      ['systemsUp', production.up && target.up, `${upOrDown(production)}, ${upOrDown(target)}`],
    ];
    if (rates.writeIntervalUs !== undefined) {
      const acknowledgedUs = geo.mirrorOracle.lastAcknowledgedUs;
      const replicatedUs = geo.mirrorOracle.lastReplicatedUs;
      conditions.push(
        ['productionWrites', acknowledgedUs >= this.healUs,
          `last application write acknowledged at production: ${describeTime(acknowledgedUs)}`],
        ['replicatedWrites', replicatedUs >= this.healUs,
          `last replication write landed on the target copy: ${describeTime(replicatedUs)}`],
      );
    }
    conditions.push(['copiesInStep', ...this.inStep(production.iaspCopy, target.iaspCopy, () => false)]);
    return conditions;
  }

  private volumeConditions(): [string, boolean, string][] {
    const storage = this.world.storage;
    if (storage === undefined) return [];
    const [first, second] = storage.disks;
    const entries = storage.disks.map((disk) => decodeStatus(disk.peek(STATUS_PAGE)));
    const clean = entries.every((entry) =>
      !entry.thisDownLevel && !entry.otherDownLevel && !entry.recoveryInProgress && !entry.recoveryFailed);
    const disks = storage.disks.map((disk) => `${disk.name} ${disk.failed ? 'failed' : 'working'}`).join(', ');
    const excused = (page: number, a: number, b: number): boolean =>
      page === STATUS_PAGE || storage.oracle.differenceExcused(page - 1, a, b);
    const conditions: [string, boolean, string][] = [
      ['volumeUp', storage.up, storage.up ? 'the system is up' : 'the system is down'],
      ['disksWorking', !first.failed && !second.failed, disks],
      ['recoveryFinished', clean,
        clean ? 'both status entries are clean' : 'a status entry on disk still says down level, recovering or failed'],
      ['volumeCopiesInStep', ...this.inStep(first, second, excused)],
    ];
    if (this.world.scenario.workload?.writeIntervalUs !== undefined) {
      const acknowledgedUs = storage.oracle.lastAcknowledgedUs;
      const detail = `last application write acknowledged: ${describeTime(acknowledgedUs)}`;
      conditions.push(['applicationWrites', acknowledgedUs >= this.healUs, detail]);
    }
    return conditions;
  }

  /** In step: no page differs between the disks with the same contents as at the previous look. */
  private inStep(first: SimulatedDisk, second: SimulatedDisk, excused: PageExcuse): [boolean, string] {
    const key = `${first.name}|${second.name}`;
    const now = new Map<number, string>();
    // One walk of both disks in page order, copying neither.
    for (const [page, token, other] of differingPages(first, second)) {
      if (!excused(page, token, other)) now.set(page, `${token}/${other}`);
    }
    const before = this.lastLook.get(key);
    this.lastLook.set(key, now);
    const disks = `${first.name} and ${second.name}`;
    if (before === undefined) return [false, `first look at ${disks}: ${now.size} pages differ`];
    const stuck = [...now].filter(([page, pair]) => before.get(page) === pair).map(([page]) => page);
    stuck.sort((a, b) => a - b);
    if (stuck.length === 0) return [true, `${disks} in step (${now.size} pages in flight)`];
    return [false, `${stuck.length} pages of ${disks} differ unchanged since the last look (first: page ${stuck[0]})`];
  }

  private set(name: string, holds: boolean, detail: string): void {
    const previous = this.conditions.get(name);
    const sinceUs = previous === undefined || previous.holds !== holds ? this.kernel.nowUs : previous.sinceUs;
    this.conditions.set(name, { holds, sinceUs, detail });
  }

  private lastChanges(): StateChange[] {
    const changes = [...(this.world.geo?.timeline ?? []), ...(this.world.storage?.timeline ?? [])];
    return changes.filter((change) => change.timeUs <= this.kernel.nowUs).slice(-SHOWN_CHANGES);
  }
}

/** Whether two disks may differ at a page (the status page; a page in doubt). */
type PageExcuse = (page: number, first: number, second: number) => boolean;

function describeTime(timeUs: number): string {
  return timeUs < 0 ? 'never' : formatShortUs(timeUs);
}
