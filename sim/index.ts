// The library entry point (`mirrorsim`): what a regression suite or a script imports to load scenarios, run
// them, sweep seeds, compare variants and write reports without the CLI. It never imports vitest: the
// matchers are the `mirrorsim/vitest` entry (sim/vitest/index.ts).

export {
  runScenario, reproduceCommand, type RunOptions, type ScenarioInput,
} from './runner/library-run.js';
export type { RunResult, StorageResult, GeoResult } from './runner/run-result.js';
export { variantFor } from './runner/run-scenario.js';
export {
  compareVariants, type Comparison, type ComparedRun, type CompareOptions, type VariantToCompare,
} from './runner/compare-variants.js';
export {
  runSweep, type SweepOptions, type SweepResult, type SweptVariant, type SweepVariant,
} from './sweep/library-sweep.js';
export type { SweepRow } from './sweep/sweep-row.js';
export type { VariantSummary } from './sweep/sweep-summary.js';
export type { Shard, SweepManifest } from './sweep/sweep-manifest.js';
export {
  writeRunReport, writeSweepReport, type RunReportOptions, type WrittenReport,
} from './report/write-report.js';
export {
  loadScenario, parseScenario, loadScenarioOrThrow, parseScenarioOrThrow, scenarioIssues, SCENARIO_ISSUE_CODES,
  type ScenarioLoad, type ScenarioIssue, type ScenarioIssueCode, type ParseScenarioOptions,
} from './scenario/scenario-input.js';
export { listScenarios, resolveScenarioPath, DEFAULT_SCENARIO, type LibraryEntry } from './scenario/load-scenario.js';
export type { Scenario, ComparedVariant } from './scenario/scenario.js';
export { MirrorsimError, InputError, AssertionFailure, formatIssue, type InputIssue } from './errors.js';
export { MemoryTraceSink, TRACE_LEVELS, type TraceLevel, type TraceSink } from './kernel/trace.js';
export { describeViolation, type Violation } from './oracle/violations.js';
export type { LivenessResult } from './oracle/liveness-oracle.js';
export { VARIANT_KEYS, type Variant, type VariantKey } from './variants.js';
export { Kernel, Priority } from './kernel/kernel.js';
