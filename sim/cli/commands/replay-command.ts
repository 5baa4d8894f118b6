// `mirrorsim replay TRACE`: re-runs a saved trace from its header and compares every line the run writes with the
// saved one, streaming both; checks the trace's hash chain, so it names the first line that was altered, added or
// removed (ALTERED), or the first line where the run now behaves otherwise (DIVERGED). Exit 0 VERIFIED, else 1.

import { resolve } from 'node:path';
import { canonicalJson } from '../../kernel/canonical-json.js';
import { type TraceInspection, inspectTraceFile, parseLine } from '../../runner/trace-file.js';
import { type LineDifference, type ReplayOutcome, replayTrace } from '../../runner/trace-replay.js';
import { ExitStatus } from '../exit-status.js';

const SHOWN_CHARACTERS = 240;

export function replayCommand(tracePath: string): number {
  const inspection = inspectTraceFile(resolve(tracePath));
  const outcome = replayTrace(inspection);
  process.stdout.write(formatReplay(inspection, outcome));
  return outcome.verdict.kind === 'verified' ? ExitStatus.ok : ExitStatus.violation;
}

export function formatReplay(inspection: TraceInspection, outcome: ReplayOutcome): string {
  const out = [`replay    ${inspection.path}`];
  const verdict = outcome.verdict;
  if (verdict.kind === 'verified') {
    const end = inspection.end;
    const chain = inspection.chain === 'absent'
      ? 'a mirrorsim-trace/1 trace has no hash chain, so an edit is not told from a change of behaviour'
      : 'every chain holds';
    out.push(`VERIFIED  ${verdict.checkpoints} checkpoints, ${String(end.n)} events, ${verdict.lines} lines, `
      + `fingerprints ${String(end.schedule)} / ${String(end.outcome)}`,
    `  every line is the one the run writes; ${chain}`);
  } else if (verdict.kind === 'altered') {
    const { fromLine, toLine } = verdict.chainBreak;
    const where = `  the chain on line ${toLine} does not match lines ${fromLine}..${toLine}: the trace was edited`;
    if (verdict.difference === undefined) {
      const how = verdict.inBytes === true ? `line ${verdict.line} has the fields the run writes, in other bytes `
        + '(its chain field, or spacing)' : `the run writes every field of lines ${fromLine}..${toLine} as saved: `
        + 'the edit is in a chain field or in the header\'s version';
      const what = verdict.inBytes === true ? `line ${verdict.line} was edited`
        : `one of lines ${fromLine}..${toLine} was edited`;
      out.push(`ALTERED   ${what}`, where, `  ${how}`);
    } else {
      out.push(`ALTERED   ${describe(verdict.difference)}`, where, ...shown(verdict.difference));
      if (verdict.difference.change === 'several' && fromLine === 1) {
        out.push('  the header (line 1) is among the lines the broken chain covers: if it was edited, '
          + 'the run is another run');
      }
    }
  } else {
    const difference = verdict.difference;
    const intact = inspection.chain === 'absent'
      ? 'a mirrorsim-trace/1 trace has no hash chain, so an edit is not told from a change of behaviour'
      : 'the trace is as it was recorded (its chain holds there), but this run writes something else';
    out.push(`DIVERGED  ${describe(difference)}`, `  ${intact}`, ...shown(difference));
    if (verdict.laterBreak !== undefined) {
      const { fromLine, toLine } = verdict.laterBreak;
      const lines = `${fromLine}..${toLine}`;
      out.push(`  later, the chain on line ${toLine} does not match lines ${lines}: the trace was also edited`);
    }
    if (inspection.header.traceLevel === 'summary') {
      out.push('  record a full-level trace of each (--trace-level full) and `mirrorsim diff` them to see the first '
        + 'event');
    }
  }
  const recordedBy = outcome.recordedBy;
  if (recordedBy !== undefined) out.push(`  note: recorded by mirrorsim ${recordedBy}, replayed by this one`);
  return `${out.join('\n')}\n`;
}

function describe(difference: LineDifference): string {
  const [first, second] = difference.change === 'removed' ? [difference.replayed, difference.saved]
    : [difference.saved, difference.replayed];
  const event = eventOf(first) ?? eventOf(second);
  const at = event === undefined ? '' : ` (${event})`;
  const line = difference.line;
  switch (difference.change) {
    case 'altered':
      if (line === 1) return `line 1, the header, differs in ${(difference.fields ?? []).join(', ')}`;
      return `line ${line} differs${at}`;
    case 'added':
      return `line ${line} was added${at}: the run does not write it`;
    case 'removed':
      return `a line is missing at line ${line}${at}: the run writes it there`;
    case 'swapped':
      return `lines ${line} and ${line + 1} are swapped${at}`;
    case 'several':
      return `lines from line ${line} on differ${at}: more than one line, not one edit`;
  }
}

/** Both lines (a chain shortened: it is checked apart), and for one altered line the fields that differ. */
function shown(difference: LineDifference): string[] {
  const cut = (text: string | undefined): string => {
    if (text === undefined) return '(the end of the trace)';
    const short = text.replace(/^\{"chain":"([0-9a-f]{8})[0-9a-f]{56}"/, '{"chain":"$1..."');
    return short.length > SHOWN_CHARACTERS ? `${short.slice(0, SHOWN_CHARACTERS)}...` : short;
  };
  const run = difference.replayed === undefined ? '(nothing: the run has ended)' : cut(difference.replayed);
  const lines = [`  saved    ${cut(difference.saved)}`, `  run      ${run}`];
  const saved = parseLine(difference.saved ?? '');
  const replayed = parseLine(difference.replayed ?? '');
  if (difference.change !== 'altered' || !isFields(saved) || !isFields(replayed)) return lines;
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(replayed)])].filter((key) => key !== 'chain').sort();
  const render = (value: unknown): string => value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 60);
  const fields = keys.filter((key) => canonicalJson(saved[key]) !== canonicalJson(replayed[key]))
    .map((key) => `${key} (saved ${render(saved[key])}, run ${render(replayed[key])})`);
  if (fields.length > 0) lines.push(`  fields   ${fields.join('; ')}`);
  return lines;
}

function isFields(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eventOf(text: string | undefined): string | undefined {
  const value = text === undefined ? undefined : parseLine(text);
  if (!isFields(value)) return undefined;
  const { n, t } = value;
  return typeof n === 'number' && typeof t === 'number' ? `event ${n}, t ${t} us` : undefined;
}
