// The `mirrorsim` command line (yargs, strict): run, sweep, merge, replay, diff, list, validate, schema, init. Exit 0 pass, 1 violation, 2 bad input.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError, formatIssue } from '../errors.js';
import { TRACE_LEVELS, type TraceLevel } from '../kernel/trace.js';
import * as flags from './flags.js';
import { single } from './flags.js';
import { ExitStatus } from './exit-status.js';
import { didYouMean } from '../text/did-you-mean.js';
import { TOOL_VERSION } from '../version.js';
import { HELP_WIDTH } from './help-cache.js';
import type { MergeCommandArguments } from './commands/merge-command.js';
import type { RunCommandArguments } from './commands/run-command.js';
import type { SweepCommandArguments } from './commands/sweep-command.js';

// Each command's module (and with it the simulator, yaml, the report renderer) loads only when that command
// runs, so `--help`, `--version` and usage errors load little more than yargs.
const listCommand = async () => (await import('./commands/list-command.js')).listCommand();
const validateCommand = async (files: string[]) =>
  (await import('./commands/validate-command.js')).validateCommand(files);
const replayCommand = async (trace: string) => (await import('./commands/replay-command.js')).replayCommand(trace);
const diffCommand = async (a: string, b: string) => (await import('./commands/diff-command.js')).diffCommand(a, b);
const runCommand = async (args: RunCommandArguments) => (await import('./commands/run-command.js')).runCommand(args);
const sweepCommand = async (args: SweepCommandArguments) =>
  (await import('./commands/sweep-command.js')).sweepCommand(args);
const mergeCommand = async (args: MergeCommandArguments) =>
  (await import('./commands/merge-command.js')).mergeCommand(args);
const initCommand = async (name: string) => (await import('./commands/init-command.js')).initCommand(name);
const schemaCommand = async () => (await import('./commands/schema-command.js')).schemaCommand();

/** Turns bad input into one clear message and status 2, never a stack trace; anything else is our bug (3). */
function failed(error: unknown): number {
  if (error instanceof InputError) {
    for (const issue of error.issues) process.stderr.write(`mirrorsim: ${formatIssue(issue)}\n`);
    return ExitStatus.badInput;
  }
  process.stderr.write(`mirrorsim: internal error, please report it: ${(error as Error).stack ?? String(error)}\n`);
  return ExitStatus.internalError;
}

/** Runs a command handler (which may finish later, when it writes a report) and gives its exit status. */
async function guarded(handler: () => number | Promise<number>): Promise<number> {
  try {
    return await handler();
  } catch (error) {
    return failed(error);
  }
}

/**
 * A reader that closes early (`mirrorsim sweep ... | head`) must not turn into a stack trace, nor stop the
 * command before it has written its report: output to a closed pipe is dropped and the work goes on.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

const COMMANDS = ['run', 'sweep', 'merge', 'replay', 'diff', 'list', 'validate'];

/**
 * A usage error as one line. When the first argument is not a command (`mirrorsim swep x`, which yargs reports
 * as `Unknown arguments: swep, x`), it says so and names the nearest command if one is near.
 */
export function usageLine(messages: readonly string[], argv: readonly string[]): string {
  const first = argv[0];
  const unknown = /^Unknown arguments?: (.*)$/.exec(messages[0] ?? '');
  if (first === undefined || first.startsWith('-') || COMMANDS.includes(first) || unknown === null) return messages.join('; ');
  if (!unknown[1].split(', ').includes(first)) return messages.join('; ');
  return `Unknown command "${first}"${didYouMean(first, COMMANDS)}`;
}

/** The executable's entry: the process's arguments, its exit status. */
export async function runMain(): Promise<void> {
  ignoreClosedPipe(process.stdout);
  process.exitCode = await main(hideBin(process.argv));
}

/**
 * Parses `argv` (without node and the script) and runs the command; resolves to the exit status. Output goes
 * to process.stdout and process.stderr; nothing here exits the process (tests call it in-process). Help wraps
 * to `columns` (the terminal's, else HELP_WIDTH).
 */
export async function main(argv: readonly string[], columns = process.stdout.columns): Promise<number> {
  let status: number | Promise<number> = ExitStatus.ok;
  let usageFailed = false;
  const usageMessages: string[] = [];
  const run = (handler: () => number | Promise<number>): void => {
    // Without exitProcess, yargs still calls the handler after a usage error (an unknown flag): it must not run.
    if (!usageFailed) status = guarded(handler);
  };
  yargs([...argv])
    .scriptName('mirrorsim')
    .usage('$0 <command> [options]\n\nDeterministic simulation of geographic mirroring and pointer integrity under faults.')
    .command(
      'run [scenario]',
      'Run a scenario once (the built-in default if none is named)',
      (command) => command
        .positional('scenario', { type: 'string', describe: 'A built-in scenario name (see `list`) or a path to a YAML/JSON file' })
        .option('seed', { type: 'string', describe: "Root seed (a string); overrides the scenario's" })
        .option('variant', { type: 'string', array: true, describe: 'Variant key=value; repeat for several', default: [] as string[] })
        .option('trace', { type: 'string', describe: 'Write a JSONL trace to this file' })
        .option('trace-level', { choices: TRACE_LEVELS, describe: 'How much the trace records', default: 'summary' as const })
        .option('max-events', { type: 'string', describe: 'Stop after this many events (a whole number)' })
        .option('json', { type: 'boolean', describe: 'Print the result as one JSON object', default: false })
        .option('report', { type: 'string', describe: 'Write a report (index.html with charts, summary.json, summary.md) into this directory' })
        .example('$0 run', 'run the default scenario (the problem beside its fix)')
        .example('$0 run default --report reports/default', 'the same, with a report to open in a browser')
        .example('$0 run default --seed 42 --trace run.jsonl --trace-level full', 'a traced run with another seed'),
      (args) => run(() => runCommand({
        scenario: single('scenario', args.scenario),
        seed: flags.seedText('--seed', args.seed),
        variant: args.variant.map(String),
        trace: flags.path('--trace', args.trace, 'a file to write the trace to'),
        traceLevel: single('--trace-level', args['trace-level']) as TraceLevel,
        maxEvents: flags.wholeNumber('--max-events', args['max-events'], 1, Number.MAX_SAFE_INTEGER),
        json: args.json,
        report: flags.path('--report', args.report, 'a directory to write the report into'),
      })),
    )
    .command('list', 'List the built-in scenarios, variant keys and actions', () => {}, () => run(listCommand))
    .command(
      'validate <files..>',
      'Check scenario files without running them; every issue is listed',
      (command) => command.positional('files', { type: 'string', array: true, demandOption: true, describe: 'Scenario files or built-in names' }),
      (args) => run(() => validateCommand(args.files.map(String))),
    )
    .command('schema', "Print the scenario JSON Schema (draft-07), for editors and validators", () => {}, () => run(schemaCommand))
    .command(
      'init <name>',
      'Write a commented starter scenario NAME.yaml whose first line points editors at the schema (never overwrites)',
      (command) => command.positional('name', { type: 'string', demandOption: true, describe: 'The new file: NAME.yaml' }),
      (args) => run(() => initCommand(single('name', args.name)!)),
    )
    .command(
      'sweep <scenario>',
      'Run a scenario over many seeds, each variant on the same seeds, over worker threads',
      (command) => command
        .positional('scenario', { type: 'string', demandOption: true, describe: 'A built-in scenario name or a path' })
        .option('seeds', {
          type: 'string',
          demandOption: true,
          describe: 'Seeds: a whole number, a range such as 1..1000, or a comma list of both such as 1,5,9 '
            + 'or 1..10,20..30; each seed once',
        })
        .option('variants', { type: 'string', describe: 'Comma-separated variants to compare; join several keys of one variant with +' })
        .option('workers', {
          type: 'string',
          describe: 'Worker threads, 1 to 256 (default: all cores); results do not depend on it',
        })
        .option('shard', { type: 'string', describe: 'K/N: run only shard K (from 0) of N, a contiguous part of the seeds, into --report; combine the shards with `merge`' })
        .option('report', { type: 'string', describe: 'Write results.jsonl (as runs finish), index.html, summary.json and summary.md here' })
        .option('resume', { type: 'boolean', default: false, describe: "Continue the --report directory's results.jsonl instead of starting afresh" })
        .option('exit-zero-on-violations', {
          type: 'boolean',
          default: false,
          describe: 'Exit 0, not 1, when the sweep ran to the end and found violations (for a batch system: '
            + 'a task state then tells "ran" from "failed", which stays 2, 3, 130 or 143)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON (no progress bar)' })
        .example('$0 sweep detach-reattach --seeds 1..1000 --variants addressing=shared-range,addressing=system-unique', 'the problem and the fix on 1,000 seeds')
        .example('$0 sweep failover --seeds 1..100000 --shard $JOB_COMPLETION_INDEX/16 --report out/shard-$JOB_COMPLETION_INDEX', 'one shard of sixteen, as a Kubernetes Indexed Job runs it'),
      (args) => run(() => sweepCommand({
        scenario: single('scenario', args.scenario)!,
        seeds: single('--seeds', args.seeds)!,
        variants: single('--variants', args.variants),
        workers: flags.wholeNumber('--workers', args.workers, 1, 256),
        shard: single('--shard', args.shard),
        report: flags.path('--report', args.report, 'a directory to write results.jsonl and the report into'),
        resume: args.resume,
        exitZeroOnViolations: args['exit-zero-on-violations'],
        json: args.json,
      })),
    )
    .command(
      'merge <shards..>',
      "Combine the shards of one sweep (each run with --shard K/N --report DIR) into the whole sweep's report",
      (command) => command
        .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'The shard directories, every shard once' })
        .option('report', { type: 'string', demandOption: true, describe: 'Write the merged results.jsonl, index.html, summary.json and summary.md here' })
        .option('exit-zero-on-violations', {
          type: 'boolean',
          default: false,
          describe: 'Exit 0, not 1, when the merged sweep has violations (as for sweep)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON' })
        .example('$0 merge out/shard-* --report out/all', 'the report of all sixteen shards, as if one sweep had run'),
      (args) => run(() => mergeCommand({
        shards: args.shards.map(String),
        report: flags.path('--report', args.report, 'a directory to write the merged report into')!,
        exitZeroOnViolations: args['exit-zero-on-violations'],
        json: args.json,
      })),
    )
    .command(
      'replay <trace>',
      'Re-run a saved trace from its header; check every line and its hash chain, naming the first line that differs',
      (command) => command.positional('trace', { type: 'string', demandOption: true, describe: 'A trace written by run --trace' }),
      (args) => run(() => replayCommand(single('trace', args.trace)!)),
    )
    .command(
      'diff <traceA> <traceB>',
      'Print the first line where two traces differ, with context',
      (command) => command
        .positional('traceA', { type: 'string', demandOption: true, describe: 'A trace' })
        .positional('traceB', { type: 'string', demandOption: true, describe: 'Another trace' }),
      (args) => run(() => diffCommand(single('traceA', args.traceA)!, single('traceB', args.traceB)!)),
    )
    .example('$0 run', 'run the default scenario and print its verdict')
    .example('$0 run detach-reattach --seed 7 --trace a.jsonl && $0 replay a.jsonl', 'save a trace and verify it replays')
    .example('$0 validate scenarios/my-scenario.yaml', 'check a scenario you wrote')
    .epilogue('Exit status: 0 every invariant held (sweep and merge with --exit-zero-on-violations: also when they'
      + ' found violations), 1 an invariant was violated, 2 bad input or usage or a file that'
      + ' could not be written, 3 internal error, 130 / 143 a sweep stopped by SIGINT / SIGTERM (what was kept and how'
      + ' to resume is printed).')
    .demandCommand(1, 'Name a command: run, sweep, merge, replay, diff, list, validate, schema or init (see --help).')
    .strict()
    .help()
    .alias('h', 'help')
    .version(TOOL_VERSION)
    .wrap(Math.min(HELP_WIDTH, columns || HELP_WIDTH))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      // One line, like every other bad input: yargs puts the choices of a flag on lines of their own.
      usageMessages.push(message.trim().replace(/\s*\n\s*/g, ' '));
      usageFailed = true;
      status = ExitStatus.badInput;
    })
    .parseSync();
  if (usageMessages.length > 0) process.stderr.write(`mirrorsim: ${usageLine(usageMessages, argv)} (see mirrorsim --help)\n`);
  return status;
}
