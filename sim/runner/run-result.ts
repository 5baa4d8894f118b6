// The result of one run: everything needed to judge it, compare it with another, and reproduce it.

import type { SwarmDraw } from '../faults/expand-faults.js';
import type { ScheduledAction } from '../faults/action-kind.js';
import type { Checkpoint, StopReason } from '../kernel/kernel.js';
import type { TraceLevel } from '../kernel/trace.js';
import type { LatencySummary } from './latency-histogram.js';
import type { LivenessResult } from '../oracle/liveness-oracle.js';
import type { Violation } from '../oracle/violations.js';
import type { WorkloadCounts } from '../workload/sls-workload.js';
import type { Note } from '../world/world.js';
import type { StateChange } from '../world/duplex-world.js';
import type { Refusal } from '../world/refusal-log.js';

export interface StorageResult {
  readonly recoveries: { readonly started: number; readonly completed: number; readonly failed: number; readonly refused: number };
  /** Refusals (by the logic, or because the system was down), each with the operator request it answers. */
  readonly refusals: readonly Refusal[];
  readonly oracle: { readonly reads: number; readonly acknowledgedWrites: number; readonly failedWrites: number; readonly checkedPages: number };
  readonly disks: readonly { readonly name: string; readonly failed: boolean; readonly writtenPages: number; readonly served: Readonly<Record<string, number>> }[];
  readonly timeline: readonly StateChange[];
  /** Application write latency over the whole run, from a fixed-size histogram (quantiles within 0.8 %). */
  readonly writeLatency: LatencySummary;
  readonly series: {
    /** Width of the latency buckets: one second, doubled as often as needed to stay within SERIES_BUCKETS. */
    readonly bucketUs: number;
    /** [time µs, fraction of regions copied] at each step of every recovery (past 16,384 points, per bucket
     * only the lowest, the highest and the last). */
    readonly recoveryProgress: readonly (readonly [number, number])[];
    /** Application write latency per bucket: [bucket start µs, mean µs, max µs, writes]. */
    readonly writeLatency: readonly (readonly [number, number, number, number])[];
  };
}

export interface GeoResult {
  /** Pointer resolutions by class: ok, staleDetected, destroyedDetected, falseStale, foreign. */
  readonly resolutions: Readonly<Record<string, number>>;
  readonly mirror: Readonly<Record<string, number>>;
  readonly link: Readonly<Record<string, number>>;
  /** The system holding the production role at the end. */
  readonly productionSystem: string;
  readonly timeline: readonly StateChange[];
  readonly rangesUsed: readonly { readonly timeUs: number; readonly system: string; readonly copy: string; readonly range: number; readonly reason: string }[];
  /** Refusals, each with the operator request it answers (null: a retry nobody asked for). */
  readonly refusals: readonly Refusal[];
  readonly foreignMarks: readonly { readonly timeUs: number; readonly system: string; readonly pointerLabel: number }[];
  /** Per system: application operations skipped (outstanding bound, content capacity) and creates failed. */
  readonly workload: Readonly<Record<string, WorkloadCounts>>;
  /** Production write latency over the whole run, from a fixed-size histogram (quantiles within 0.8 %). */
  readonly writeLatency: LatencySummary;
  readonly series: {
    /** Width of the buckets below: one second, doubled as often as needed to stay within SERIES_BUCKETS. */
    readonly bucketUs: number;
    /** Resolutions per bucket: [bucket start µs, ok, staleDetected, destroyedDetected, falseStale, foreign]. */
    readonly resolutions: readonly (readonly number[])[];
    /** [time µs, fraction of the planned regions copied] through every synchronisation (bounded likewise). */
    readonly syncProgress: readonly (readonly [number, number])[];
    /** Production write latency per bucket: [bucket start µs, mean µs, max µs, writes]. */
    readonly writeLatency: readonly (readonly [number, number, number, number])[];
  };
}

export interface RunResult {
  readonly tool: { readonly name: string; readonly version: string };
  readonly scenario: string;
  /** The scenario's description, as its file gives it (reports show it under the title). */
  readonly description: string;
  /** The scenario file's path, or the label given for scenario text. */
  readonly source: string;
  readonly seed: string;
  readonly variant: Readonly<Record<string, string>>;
  readonly verdict: 'pass' | 'fail';
  readonly stop: { readonly reason: StopReason; readonly atUs: number; readonly eventCount: number };
  readonly fingerprints: { readonly schedule: string; readonly outcome: string };
  readonly checkpoints: readonly Checkpoint[];
  readonly counts: {
    readonly events: number;
    /** Actions performed, by name: applied and not refused (refused operator requests are in `refused`). */
    readonly actions: Readonly<Record<string, number>>;
    /** Operator requests the logic (or a down system) refused, by the action that asked. */
    readonly refused: Readonly<Record<string, number>>;
    /** All violations, safety and liveness. */
    readonly violations: number;
    readonly safetyViolations: number;
    readonly livenessViolations: number;
  };
  /** Every violation, safety and liveness (invariant `liveness`), in the order they were found. */
  readonly violations: readonly Violation[];
  /** The liveness phase, when the scenario has one: conditions, convergence, the legal action, its misses. */
  readonly liveness: LivenessResult | null;
  readonly probes: Readonly<Record<string, number>>;
  readonly faultSchedule: readonly ScheduledAction[];
  readonly swarm: SwarmDraw | null;
  readonly notes: readonly Note[];
  /** The duplexed volume's part, when the scenario has one. */
  readonly storage: StorageResult | null;
  /** The two-system part (systems, mirroring, pointers), when the scenario has one. */
  readonly geo: GeoResult | null;
  readonly traceLevel: TraceLevel;
  readonly durations: {
    /** Where the run ended: past `duration` by the liveness phase's deadline and the drain, if they ran. */
    readonly simulatedUs: number;
    /** The scenario's `duration`. */
    readonly durationUs: number;
    /** When the applications stopped and the drain began (in-flight work may finish); null if stopped early. */
    readonly drainFromUs: number | null;
  };
  /** Wall-clock figures: the only nondeterministic part of a result, kept apart from everything else. */
  readonly timings: { readonly wallMs: number; readonly eventsPerWallS: number };
}
