// The library entry point: what a vitest suite or a script imports to run scenarios without the CLI.

export { runScenario, variantFor, type RunOptions } from './runner/run-scenario.js';
export type { RunResult } from './runner/run-result.js';
export { loadScenario, parseScenarioText, listScenarios, resolveScenarioPath, DEFAULT_SCENARIO } from './scenario/load-scenario.js';
export type { Scenario } from './scenario/scenario.js';
export { MirrorsimError, InputError, AssertionFailure, formatIssue, type InputIssue } from './errors.js';
export { MemoryTraceSink, TRACE_LEVELS, type TraceLevel, type TraceSink } from './kernel/trace.js';
export { describeViolation, type Violation } from './oracle/violations.js';
export { VARIANT_KEYS } from './variants.js';
export { Kernel, Priority } from './kernel/kernel.js';
