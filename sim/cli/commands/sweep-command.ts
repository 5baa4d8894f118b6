// `mirrorsim sweep SCENARIO --seeds 1..N [--variants a,b] [--workers N] [--shard K/N] [--report DIR] [--resume]
// [--exit-zero-on-violations] [--json]`: every variant on the same seeds over worker threads; the heading first,
// then progress (a bar with rate and ETA on a terminal, a line every 30 s in a log), the table per variant and
// the failing seeds. SIGINT / SIGTERM stop it with status 130 / 143, after saying how many runs were kept and
// the command that resumes it.

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { runSweep } from '../../sweep/run-sweep.js';
import { expectedVerdicts } from '../../sweep/sweep-expectation.js';
import { makeManifest, parseShard, shardSeeds } from '../../sweep/sweep-manifest.js';
import { parseVariantAssignments } from '../../variants.js';
import { applyViolationPolicy } from '../exit-status.js';
import { parseSeedList } from '../seed-list.js';
import { parseVariantItems } from '../variant-items.js';
import { openSweepDirectory } from './sweep-directory.js';
import {
  SweepInterrupted, abortOnStopSignals, interruptedStatus, interruptionLines, resumeCommand,
} from './sweep-interrupt.js';
import { printSweepOutput } from './sweep-output.js';
import { sweepHeading } from './sweep-text.js';
import { SweepProgress } from '../progress.js';
import { outputWidth } from '../terminal.js';

export interface SweepCommandArguments {
  readonly scenario: string;
  readonly seeds: string;
  readonly variants?: string;
  readonly workers?: number;
  /** `K/N`: run only shard K (from 0) of N, for `mirrorsim merge` to combine. */
  readonly shard?: string;
  readonly report?: string;
  readonly resume: boolean;
  /** Exit 0, not 1, when the sweep ran to the end and found violations (for batch systems). */
  readonly exitZeroOnViolations?: boolean;
  readonly json: boolean;
}

/** The seeds of `--seeds` (the forms in seed-list.ts), in the order given, each once. */
export function parseSeeds(text: string): string[] {
  return parseSeedList(text);
}

/** A variant as written on the command line and in sweep.json: keys joined with +; '' for the scenario as written. */
export function variantItemValues(item: string): ReturnType<typeof parseVariantAssignments> {
  return parseVariantAssignments(item === '' ? [] : item.split('+'), 'sweep.json variants');
}

export function variantItemLabel(item: string): string {
  return item || 'as written';
}

export function sweepCommand(args: SweepCommandArguments): Promise<number> {
  const scenario = loadScenario(args.scenario);
  const allSeeds = parseSeeds(args.seeds);
  const shard = args.shard === undefined ? null : parseShard(args.shard, allSeeds.length, '--shard');
  const seeds = shardSeeds(allSeeds, shard);
  const { items, variants } = parseVariantItems(scenario, args.variants);
  const labels = items.map(variantItemLabel);
  const workers = args.workers ?? availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 256)) throw new InputError([{ source: '--workers', path: '', value: String(args.workers), expected: 'a whole number from 1 to 256' }]);
  if (args.resume && args.report === undefined) throw new InputError([{ source: '--resume', path: '', value: 'true', expected: 'a --report DIR whose results.jsonl to continue' }]);
  if (shard !== null && args.report === undefined) throw new InputError([{ source: '--shard', path: '', value: JSON.stringify(args.shard), expected: 'a --report DIR too, for `mirrorsim merge` to read the shard from' }]);
  const reportDirectory = args.report === undefined ? undefined : resolve(args.report);
  const manifest = makeManifest(scenario, args.seeds, items, shard);
  const directory = reportDirectory === undefined ? undefined
    : openSweepDirectory(reportDirectory, manifest, seeds, labels, args.resume);
  for (const note of directory?.notes ?? []) process.stderr.write(`mirrorsim: ${note}\n`);
  const seedsLabel = shard === null ? args.seeds : `${args.seeds}, shard ${shard.index}/${shard.count}`;
  const how = `${workers} worker${workers === 1 ? '' : 's'}`;
  if (!args.json) process.stdout.write(`${sweepHeading(scenario.name, seedsLabel, seeds.length, variants.length, how)}\n`);
  // A bar on a terminal (not with --json); a line every 30 s of wall time otherwise, so CI sees it is alive.
  const progress = new SweepProgress({
    write: (text) => process.stderr.write(text), terminal: process.stderr.isTTY === true && !args.json,
    width: outputWidth(process.stderr), now: Date.now,
  });
  const clock = setInterval(() => progress.tick(), 1000);
  clock.unref();
  const onProgress = (done: number, total: number): void => progress.update(done, total);
  const controller = new AbortController();
  const undoSignals = abortOnStopSignals(controller);
  const total = seeds.length * variants.length;
  return runSweep({
    scenarioPath: scenario.source, seeds, variants, labels, workers, existing: directory?.existing ?? [],
    onRow: directory === undefined ? undefined : (row) => directory.append(row), onProgress, signal: controller.signal,
  }).then(
    (rows) => {
      undoSignals();
      clearInterval(clock);
      progress.close();
      directory?.finish(rows);
      return printSweepOutput({
        scenario,
        seedsLabel,
        labels,
        variants,
        rows,
        how: { workers },
        expectations: expectedVerdicts(scenario, variants),
        headingPrinted: true,
        reportDirectory,
        json: args.json,
      }).then((status) => applyViolationPolicy(status, args.exitZeroOnViolations === true, 'the sweep'));
    },
    (error: unknown) => {
      undoSignals();
      clearInterval(clock);
      try {
        directory?.close();
      } catch {
        // The error that stopped the sweep is the one to report; the rows written stay whole.
      }
      progress.close();
      if (!(error instanceof SweepInterrupted)) throw error;
      const kept = (directory?.existing.length ?? 0) + (directory?.appended() ?? 0);
      const lines = interruptionLines(error.signal, kept, total, directory?.resultsPath, resumeCommand(args));
      process.stderr.write(`${lines.join('\n')}\n`);
      return interruptedStatus(error.signal);
    },
  );
}
