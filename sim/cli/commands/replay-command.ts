// `mirrorsim replay TRACE`: re-runs a saved trace from its header (scenario definition, seed, variant, level)
// and verifies both fingerprints at every checkpoint; names the first divergent one if they differ.

import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { MemoryTraceSink, type TraceLevel } from '../../kernel/trace.js';
import { parseScenarioText } from '../../scenario/load-scenario.js';
import { runScenario } from '../../runner/run-scenario.js';
import { readTraceFile } from '../../runner/trace-file.js';
import { ExitStatus } from '../exit-status.js';

export function replayCommand(tracePath: string): number {
  const path = resolve(tracePath);
  const saved = readTraceFile(path);
  const header = saved.header.value as unknown as { scenario: string; source: string; seed: string; variant: Record<string, string>; traceLevel: TraceLevel; checkpointEvery: number; maxEvents: number | null; definition: unknown };
  if (typeof header.seed !== 'string' || typeof header.definition !== 'object') {
    throw new InputError([{ source: `${path}:1`, path: 'definition', value: 'missing', expected: 'a header with the scenario definition and seed' }]);
  }
  const scenario = parseScenarioText(JSON.stringify(header.definition), `${path} (header)`);
  const sink = new MemoryTraceSink();
  runScenario(scenario, { seed: header.seed, variant: header.variant, traceLevel: header.traceLevel, traceSink: sink, checkpointEvery: header.checkpointEvery, maxEvents: header.maxEvents ?? undefined });
  const replayed = sink.text().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { type: string; n?: number; t?: number; schedule?: string; outcome?: string });
  const savedCheckpoints = saved.lines.filter((line) => line.value.type === 'checkpoint' || line.value.type === 'end');
  const replayedCheckpoints = replayed.filter((line) => line.type === 'checkpoint' || line.type === 'end');
  for (let index = 0; index < Math.max(savedCheckpoints.length, replayedCheckpoints.length); index += 1) {
    const expected = savedCheckpoints[index];
    const actual = replayedCheckpoints[index];
    if (expected !== undefined && actual !== undefined && expected.value.n === actual.n && expected.value.schedule === actual.schedule && expected.value.outcome === actual.outcome) continue;
    const previous = savedCheckpoints[index - 1]?.value.n ?? 0;
    process.stdout.write([
      `replay    ${path}`,
      `DIVERGED  between event ${previous} and event ${expected?.value.n ?? actual?.n} (checkpoint ${index + 1}, trace line ${expected?.lineNumber ?? 'past the end'})`,
      `  saved    ${expected === undefined ? '(none)' : `event ${expected.value.n} schedule ${String(expected.value.schedule)} outcome ${String(expected.value.outcome)}`}`,
      `  replayed ${actual === undefined ? '(none)' : `event ${actual.n} schedule ${actual.schedule} outcome ${actual.outcome}`}`,
      `  run \`mirrorsim diff\` on a full-level trace of each to see the first divergent event`,
    ].join('\n') + '\n');
    return ExitStatus.violation;
  }
  const end = savedCheckpoints[savedCheckpoints.length - 1]?.value;
  process.stdout.write(`replay    ${path}\nVERIFIED  ${savedCheckpoints.length} checkpoints, ${String(end?.n)} events, fingerprints ${String(end?.schedule)} / ${String(end?.outcome)}\n`);
  return ExitStatus.ok;
}
