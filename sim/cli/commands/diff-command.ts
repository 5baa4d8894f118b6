// `mirrorsim diff TRACE_A TRACE_B`: the first line where two traces differ, with the lines before it as
// context; headers that differ (seed, variant) are named first. Both are streamed, never read whole.

import { resolve } from 'node:path';
import { type TraceInspection, inspectTraceFile, parseLine } from '../../runner/trace-file.js';
import { type TraceDifference, diffTraces } from '../../runner/trace-diff.js';
import { ExitStatus } from '../exit-status.js';

const CONTEXT_LINES = 3;
const SHOWN_CHARACTERS = 2000;

export function diffCommand(firstPath: string, secondPath: string): number {
  const first = inspectTraceFile(resolve(firstPath));
  const second = inspectTraceFile(resolve(secondPath));
  const difference = diffTraces(first, second, CONTEXT_LINES);
  process.stdout.write(formatDiff(first, second, difference));
  return difference.headerFields.length > 0 || difference.line !== undefined ? ExitStatus.violation : ExitStatus.ok;
}

export function formatDiff(first: TraceInspection, second: TraceInspection, difference: TraceDifference): string {
  const out: string[] = [`a: ${first.path}`, `b: ${second.path}`];
  for (const [name, trace] of [['a', first], ['b', second]] as const) {
    if (typeof trace.chain === 'object') {
      const { fromLine, toLine } = trace.chain;
      const lines = `${fromLine}..${toLine}`;
      out.push(`note: ${name}'s chain on line ${toLine} does not match lines ${lines}: ${name} was edited`);
    }
  }
  if (first.header.format !== second.header.format) {
    out.push(`note: a is ${first.header.format}, b is ${second.header.format} (chain fields are not compared)`);
  }
  const render = (value: unknown): string => JSON.stringify(value)?.slice(0, 60) ?? 'nothing';
  const fields = difference.headerFields
    .map((field) => `${field} (a ${render(first.header[field])}, b ${render(second.header[field])})`);
  if (fields.length > 0) out.push(`headers differ in: ${fields.join('; ')}`);
  const line = difference.line;
  if (line === undefined) {
    out.push(fields.length > 0 ? 'the events are identical; only the headers differ' : 'identical');
    return `${out.join('\n')}\n`;
  }
  type Event = { n?: unknown; t?: unknown } | undefined;
  const value = (parseLine(line.first ?? '') ?? parseLine(line.second ?? '')) as Event;
  out.push(`first divergence at line ${line.number} (event ${String(value?.n)}, t ${String(value?.t)} us)`);
  const cut = (text: string | undefined): string => text === undefined ? '(end of file)'
    : text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}...` : text;
  for (const context of difference.context) out.push(`    ${cut(context)}`);
  out.push(`  a ${cut(line.first)}`, `  b ${cut(line.second)}`);
  return `${out.join('\n')}\n`;
}
