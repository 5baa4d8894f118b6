// The simulated world a scenario runs in: the composition root where scheduled actions land. It grows a
// storage layer, systems and a network in later modules; here it holds notes and the heal of a liveness phase.

import type { ActionTarget } from '../faults/action-kind.js';
import type { Kernel } from '../kernel/kernel.js';
import type { ViolationLog } from '../oracle/violations.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Variant } from '../variants.js';
import type { DuplexWorld } from './duplex-world.js';
import type { GeoWorld } from './geo-world.js';

export interface Note {
  readonly timeUs: number;
  readonly message: string;
}

export class World implements ActionTarget {
  readonly notes: Note[] = [];
  healedAtUs: number | undefined;
  /** The duplexed volume and its disks, when the scenario has a volume section. */
  storage: DuplexWorld | undefined;
  /** The two systems, the link and geographic mirroring, when the scenario has a systems section. */
  geo: GeoWorld | undefined;

  constructor(
    readonly kernel: Kernel,
    readonly scenario: Scenario,
    readonly variant: Variant,
    readonly oracle: ViolationLog,
  ) {}

  note(message: string): void {
    this.notes.push({ timeUs: this.kernel.nowUs, message });
    this.kernel.record('note', { message });
  }

  heal(): void {
    this.healedAtUs = this.kernel.nowUs;
    this.storage?.heal();
    this.geo?.heal();
    this.kernel.record('heal', {});
  }
}
