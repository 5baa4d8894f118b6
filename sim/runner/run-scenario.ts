// Runs one scenario with one seed and variant: builds the world, expands the faults into an explicit
// schedule, runs the kernel to the scenario's end, and collects the oracle's verdict into a result.

import { AssertionFailure, InputError } from '../errors.js';
import type { ActionCatalog, ScheduledAction } from '../faults/action-kind.js';
import { productCatalog } from '../faults/catalog.js';
import { expandFaults } from '../faults/expand-faults.js';
import { Kernel, Priority } from '../kernel/kernel.js';
import { TraceRecorder, type TraceLevel, type TraceSink } from '../kernel/trace.js';
import { LivenessOracle } from '../oracle/liveness-oracle.js';
import { ViolationLog } from '../oracle/violations.js';
import type { Scenario } from '../scenario/scenario.js';
import { type Variant, VARIANT_KEYS, type VariantKey, resolveVariant } from '../variants.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { World } from '../world/world.js';
import { DuplexWorld } from '../world/duplex-world.js';
import { RECOVERY_POLICIES } from '../../src/duplex/recovery-policy.js';
import { MIRROR_POLICIES } from '../../src/geomirror/mirror-policy.js';
import { ADDRESS_POLICIES } from '../../src/sls/address-policy.js';
import { LogicAssertionError } from '../../src/assert.js';
import { GeoWorld } from '../world/geo-world.js';
import { runToEnd } from './liveness-phase.js';
import { refusedRequestCounts } from '../world/refusal-log.js';
import type { GeoResult, RunResult } from './run-result.js';
import { wallClockMs } from './wall-clock.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string;
  /** Overrides the scenario's variant values, key by key. */
  readonly variant?: Readonly<Record<string, string>>;
  readonly traceLevel?: TraceLevel;
  /** Where trace lines go; without one nothing is written (fingerprints are kept all the same). */
  readonly traceSink?: TraceSink;
  readonly checkpointEvery?: number;
  /** Stops the run after this many events (the result says so). */
  readonly maxEvents?: number;
  readonly catalog?: ActionCatalog;
  readonly variantKeys?: Readonly<Record<string, VariantKey>>;
}

/**
 * Resolves the variant a run will use; throws an InputError naming the bad key or value. `overridesSource`
 * names where the overrides came from in a message: the library's option, or the CLI's flag.
 */
export function variantFor(
  scenario: Scenario,
  overrides: Readonly<Record<string, string>> = {},
  keys = VARIANT_KEYS,
  overridesSource = 'options.variant',
): Variant {
  const layers = [
    { source: `${scenario.source}: variant`, values: scenario.variant },
    { source: overridesSource, values: overrides },
  ];
  const { variant, issues } = resolveVariant(layers, keys);
  if (issues.length > 0) throw new InputError(issues);
  return variant;
}

/** After the scenario's end the application stops and a recovery under way may finish within this. */
export const DEFAULT_DRAIN_US = 60_000_000;

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const startedMs = wallClockMs();
  const seed = options.seed ?? scenario.seed;
  const variant = variantFor(scenario, options.variant, options.variantKeys);
  const catalog = options.catalog ?? productCatalog;
  const traceLevel = options.traceLevel ?? (options.traceSink ? 'summary' : 'off');
  const trace = new TraceRecorder(traceLevel, options.traceSink);
  const kernel = new Kernel({ seed, trace, checkpointEvery: options.checkpointEvery });
  trace.header({
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    scenario: scenario.name,
    description: scenario.description,
    source: scenario.source,
    seed,
    variant,
    traceLevel,
    checkpointEvery: kernel.checkpointEvery,
    maxEvents: options.maxEvents ?? null,
    definition: scenario.definition,
  });

  const oracle = new ViolationLog(kernel);
  const world = new World(kernel, scenario, variant, oracle);
  const faults = expandFaults(scenario.faults, {
    seed,
    randomUntilUs: scenario.liveness?.healUs ?? scenario.durationUs,
    healAtUs: scenario.liveness?.healUs,
    topology: scenario,
    catalog,
  });
  if (scenario.volume !== undefined) {
    world.storage = new DuplexWorld(kernel, scenario.volume, scenario.workload ?? { pattern: 'uniform' }, RECOVERY_POLICIES[variant.recovery], oracle);
    world.storage.start();
  }
  if (scenario.geo !== undefined) {
    world.geo = new GeoWorld(kernel, scenario.geo, ADDRESS_POLICIES[variant.addressing], MIRROR_POLICIES[variant.mirroring], oracle);
    world.geo.start();
  }
  const actionCounts: Record<string, number> = {};
  const actionEvent = kernel.kind('action');
  const applyAction = (entry: ScheduledAction): void => {
    actionCounts[entry.action] = (actionCounts[entry.action] ?? 0) + 1;
    kernel.outcome(kernel.kind(`action.${entry.action}`));
    kernel.record('action', { action: entry.action, origin: entry.origin, params: entry.params });
    catalog[entry.action].apply(world, entry.params);
  };
  for (const entry of faults.schedule) kernel.scheduleAt(entry.atUs, actionEvent, applyAction, entry, Priority.high);
  // The liveness judge's legal operator action goes through the same catalog (and world methods) as any other.
  const livenessAction = (action: string, params: Readonly<Record<string, unknown>> = {}): void => {
    if (catalog[action] === undefined) return world.note(`liveness: no ${action} action in this catalog`);
    applyAction({ atUs: kernel.nowUs, action, origin: 'liveness', params: { ...params } });
  };
  const phase = scenario.liveness;
  const liveness = phase === undefined ? undefined
    : new LivenessOracle(kernel, oracle, world, phase.healUs, phase.convergeWithinUs, livenessAction);

  let reason;
  let drainFromUs: number | null = null;
  try {
    reason = runToEnd(kernel, scenario.durationUs, options.maxEvents, liveness);
    if (reason !== 'eventBound') drainFromUs = kernel.nowUs;
    if (reason !== 'eventBound') world.storage?.finish(scenario.liveness?.convergeWithinUs ?? DEFAULT_DRAIN_US);
    if (reason !== 'eventBound') world.geo?.finish(scenario.liveness?.convergeWithinUs ?? DEFAULT_DRAIN_US);
  } catch (error) {
    // Both roots: sim's own AssertionFailure and the logic's LogicAssertionError (src/ cannot import sim/).
    if (!(error instanceof AssertionFailure) && !(error instanceof LogicAssertionError)) throw error;
    const where = error instanceof LogicAssertionError ? 'in the logic under test (src/)' : 'in mirrorsim or the logic';
    oracle.report('assertion', `${error.code}: ${error.message}`, [
      `an assertion ${where} did not hold under seed ${JSON.stringify(seed)}; the run stopped at this event`,
    ]);
    reason = 'stopped' as const;
  }
  const final = kernel.checkpoint();
  // Every violation is in `violations` (sweeps and reports count them all); liveness ones are also apart.
  const violations = oracle.violations;
  const livenessCount = violations.filter((violation) => violation.invariant === 'liveness').length
    + (oracle.overflow.liveness ?? 0);
  trace.end({ n: kernel.eventCount, t: kernel.nowUs, stop: reason, schedule: final.schedule, outcome: final.outcome, violations: oracle.count });

  const refused = refusedRequestCounts([...(world.geo?.refusals ?? []), ...(world.storage?.refusals ?? [])]);
  const wallMs = wallClockMs() - startedMs;
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    scenario: scenario.name,
    description: scenario.description,
    source: scenario.source,
    seed,
    variant,
    verdict: oracle.count === 0 ? 'pass' : 'fail',
    stop: { reason, atUs: kernel.nowUs, eventCount: kernel.eventCount },
    fingerprints: { schedule: final.schedule, outcome: final.outcome },
    checkpoints: kernel.checkpoints,
    counts: {
      events: kernel.eventCount, actions: performedCounts(actionCounts, refused), refused, violations: oracle.count,
      safetyViolations: oracle.count - livenessCount, livenessViolations: livenessCount,
    },
    violations,
    liveness: liveness?.result() ?? null,
    probes: kernel.probes.snapshot(),
    faultSchedule: faults.schedule,
    swarm: faults.swarm,
    notes: world.notes,
    storage: world.storage === undefined ? null : {
      recoveries: world.storage.recoveries,
      refusals: world.storage.refusals,
      oracle: world.storage.oracle.counts,
      disks: world.storage.disks.map((disk) => ({ name: disk.name, failed: disk.failed, writtenPages: disk.writtenPageCount, served: disk.served })),
      timeline: world.storage.timeline,
      writeLatency: world.storage.workload.writeLatency.summary(),
      series: {
        bucketUs: world.storage.workload.writeLatency.series.bucketUs,
        recoveryProgress: world.storage.recoveryProgress.points(),
        writeLatency: world.storage.workload.writeLatency.series.rows(),
      },
    },
    geo: world.geo === undefined ? null : geoResult(world.geo),
    traceLevel,
    durations: { simulatedUs: kernel.nowUs, durationUs: scenario.durationUs, drainFromUs },
    timings: { wallMs, eventsPerWallS: wallMs > 0 ? Math.round(kernel.eventCount / (wallMs / 1000)) : 0 },
  };
}

function geoResult(geo: GeoWorld): GeoResult {
  const production = geo.production;
  // Both bucketed series in one width, the wider of the two (each widens as its own samples require).
  const bucketUs = Math.max(geo.resolutions.series.bucketUs, geo.writeLatency.series.bucketUs);
  geo.resolutions.series.coarsenTo(bucketUs);
  geo.writeLatency.series.coarsenTo(bucketUs);
  return {
    resolutions: { ...geo.resolutions.counts },
    mirror: { ...geo.mirrorOracle.counts },
    link: { ...geo.link.counts },
    productionSystem: production.name,
    timeline: geo.timeline,
    rangesUsed: geo.rangesUsed,
    refusals: geo.refusals,
    foreignMarks: geo.resolutions.foreignMarks,
    workload: Object.fromEntries(geo.systems.map((node) => [node.name, node.workload.counts])),
    writeLatency: geo.writeLatency.summary(),
    series: {
      bucketUs,
      resolutions: geo.resolutions.seriesRows(),
      syncProgress: geo.syncProgressSeries.points(),
      writeLatency: geo.writeLatency.series.rows(),
    },
  };
}

/** Actions applied less those refused: what was performed. */
function performedCounts(
  applied: Record<string, number>, refused: Readonly<Record<string, number>>,
): Record<string, number> {
  const performed: Record<string, number> = {};
  for (const [action, count] of Object.entries(sortedCounts(applied))) {
    if (count - (refused[action] ?? 0) > 0) performed[action] = count - (refused[action] ?? 0);
  }
  return performed;
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  const sorted: Record<string, number> = {};
  for (const key of Object.keys(counts).sort()) sorted[key] = counts[key];
  return sorted;
}
