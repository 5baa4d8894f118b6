// Runs a scenario with the test catalog in its own process and prints fingerprints and the full trace as
// JSON: the determinism test starts two of these and compares them byte for byte.
// Usage: node --import tsx sim/testing/run-fixture-scenario.ts FILE SEED

import { readFileSync } from 'node:fs';
import { MemoryTraceSink } from '../kernel/trace.js';
import { runScenario } from '../runner/run-scenario.js';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { testCatalog } from './test-catalog.js';

const [file, seed] = process.argv.slice(2);
const scenario = parseScenarioText(readFileSync(file, 'utf8'), file, testCatalog);
const sink = new MemoryTraceSink();
const result = runScenario(scenario, { seed, traceLevel: 'full', traceSink: sink, catalog: testCatalog, checkpointEvery: 4 });
process.stdout.write(JSON.stringify({ fingerprints: result.fingerprints, faultSchedule: result.faultSchedule, trace: sink.text() }));
