// The body of a sweep worker: runs the (seed, variant) units it is sent and posts one row per unit back.

import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario, parseScenarioText } from '../scenario/load-scenario.js';
import { runScenario } from '../runner/run-scenario.js';
import { type SweepUnit, rowOf } from './sweep-row.js';

const { scenarioPath, scenarioText, variants, labels } = workerData as {
  scenarioPath: string; scenarioText?: string; variants: Record<string, string>[]; labels: string[];
};
const scenario = scenarioText === undefined ? loadScenario(scenarioPath)
  : parseScenarioText(scenarioText, scenarioPath);
const port = parentPort!;
port.on('message', (unit: SweepUnit | null) => {
  if (unit === null) return port.close();
  const result = runScenario(scenario, { seed: unit.seed, variant: variants[unit.variantIndex] });
  port.postMessage({ unit, row: rowOf(result, labels[unit.variantIndex]) });
});
port.postMessage({ ready: true });
