// `mirrorsim diff TRACE_A TRACE_B`: the first line where two traces differ, with the lines before it as
// context; headers that differ (seed, variant) are named first.

import { resolve } from 'node:path';
import { readTraceFile } from '../../runner/trace-file.js';
import { ExitStatus } from '../exit-status.js';

const CONTEXT_LINES = 3;

export function diffCommand(firstPath: string, secondPath: string): number {
  const first = readTraceFile(resolve(firstPath));
  const second = readTraceFile(resolve(secondPath));
  const out: string[] = [`a: ${first.path}`, `b: ${second.path}`];
  const headerKeys = ['scenario', 'seed', 'variant', 'traceLevel', 'definition'];
  const differingHeader = headerKeys.filter((key) => JSON.stringify(first.header.value[key]) !== JSON.stringify(second.header.value[key]));
  if (differingHeader.length > 0) out.push(`headers differ in: ${differingHeader.map((key) => `${key} (a ${JSON.stringify(first.header.value[key]).slice(0, 60)}, b ${JSON.stringify(second.header.value[key]).slice(0, 60)})`).join('; ')}`);
  const length = Math.max(first.lines.length, second.lines.length);
  for (let index = 1; index < length; index += 1) {
    const a = first.lines[index];
    const b = second.lines[index];
    if (a?.text === b?.text) continue;
    const where = a ?? b;
    out.push(`first divergence at line ${index + 1} (event ${String(where?.value.n)}, t ${String(where?.value.t)} us)`);
    for (let before = Math.max(1, index - CONTEXT_LINES); before < index; before += 1) out.push(`    ${first.lines[before].text}`);
    out.push(`  a ${a?.text ?? '(end of file)'}`, `  b ${b?.text ?? '(end of file)'}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return ExitStatus.violation;
  }
  out.push(differingHeader.length > 0 ? 'the events are identical; only the headers differ' : 'identical');
  process.stdout.write(`${out.join('\n')}\n`);
  return differingHeader.length > 0 ? ExitStatus.violation : ExitStatus.ok;
}
