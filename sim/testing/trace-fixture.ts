// Traces for the trace tests: a small volume run recorded into a file, and an independent re-computation of the
// hash chain (so a test can build a trace that is edited yet self-consistent, as a run that behaves otherwise is).

import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryTraceSink, type TraceLevel } from '../kernel/trace.js';
import { runScenario } from '../runner/run-scenario.js';
import { parseScenarioText } from '../scenario/load-scenario.js';

const FIXTURE_SCENARIO = `
name: trace-fixture
description: A small duplexed volume under load; a disk fails and is recovered (trace tests).
duration: 2s
volume:
  size: 64MiB
  regionSize: 4MiB
  disk: { model: seekTransfer, seek: 1ms, bandwidth: 200MB/s }
  recoveryPriority: normal
  operator: { recoverAfter: 100ms }
workload: { writes: 200/s, reads: 200/s, pattern: skewed }
faults:
  schedule:
    - { at: 500ms, action: diskFailure, copy: 0 }
`;

export const scratchDirectory = (): string => mkdtempSync(join(tmpdir(), 'mirrorsim-trace-'));

/** The fixture's trace text, at a level, with a checkpoint every `checkpointEvery` events. */
export function fixtureTrace(level: TraceLevel = 'full', checkpointEvery = 200, seed = '1'): string {
  const sink = new MemoryTraceSink();
  const scenario = parseScenarioText(FIXTURE_SCENARIO, 'trace-fixture.yaml');
  runScenario(scenario, { seed, traceLevel: level, traceSink: sink, checkpointEvery });
  return sink.text();
}

export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function writeTrace(directory: string, name: string, lines: readonly string[]): string {
  const path = join(directory, name);
  writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
  return path;
}

const CHAINED = /^\{"chain":"[0-9a-f]{64}",(.*"type":"(?:checkpoint|end)".*)$/;

/** Whether a line is a checkpoint or end line of the /2 format. */
export const isChained = (line: string): boolean => CHAINED.test(line);

/** The lines with every chain field computed afresh from the lines as they are (the format's definition). */
export function rechain(lines: readonly string[]): string[] {
  let segment = '';
  return lines.map((line) => {
    const match = CHAINED.exec(line);
    if (match === null) {
      segment += `${line}\n`;
      return line;
    }
    const body = `{${match[1]}`;
    const chain = createHash('sha256').update(segment + body).digest('hex');
    const chained = `{"chain":"${chain}",${match[1]}`;
    segment = `${chained}\n`;
    return chained;
  });
}

/** A /2 trace as the /1 format wrote it: no chain fields, the old format name. */
export function asFormatOne(lines: readonly string[]): string[] {
  return lines.map((line, index) => {
    const match = CHAINED.exec(line);
    if (index === 0) return line.replace('"format":"mirrorsim-trace/2"', '"format":"mirrorsim-trace/1"');
    return match === null ? line : `{${match[1]}`;
  });
}
