// `mirrorsim merge SHARD_DIR... --report DIR [--exit-zero-on-violations] [--json]`: combines the shards of one
// sweep (run by a cluster's scheduler with `sweep --shard K/N --report SHARD_DIR`) into the report the whole
// sweep would have written, after checking that they are the same sweep, that every shard is there once and
// that each is complete.

import { join, resolve } from 'node:path';
import { InputError, type InputIssue } from '../../errors.js';
import { RESULTS_FILE, canonicalRows, readResults, resultsText } from '../../sweep/results-file.js';
import { MANIFEST_FILE, type SweepManifest, manifestDifference, manifestText, readManifest, scenarioDigest, shardSeeds } from '../../sweep/sweep-manifest.js';
import { type SweepRow, unitKey } from '../../sweep/sweep-row.js';
import { writeFileAtomically } from '../atomic-file.js';
import { applyViolationPolicy } from '../exit-status.js';
import { parseSeeds, variantItemLabel, variantItemValues } from './sweep-command.js';
import { printSweepOutput } from './sweep-output.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { expectedVerdicts } from '../../sweep/sweep-expectation.js';

export interface MergeCommandArguments {
  readonly shards: readonly string[];
  readonly report: string;
  /** Exit 0, not 1, when the merged sweep has violations (as `sweep` takes it). */
  readonly exitZeroOnViolations?: boolean;
  readonly json: boolean;
}

interface LoadedShard {
  readonly directory: string;
  readonly manifest: SweepManifest;
}

export function mergeCommand(args: MergeCommandArguments): Promise<number> {
  const reportDirectory = resolve(args.report);
  const clash = args.shards.find((directory) => resolve(directory) === reportDirectory);
  if (clash !== undefined) throw new InputError([{ source: '--report', path: '', value: JSON.stringify(args.report), expected: `a directory other than the shards' (${clash} is a shard)` }]);
  const loaded: LoadedShard[] = args.shards.map((directory) => {
    const manifest = readManifest(directory);
    if (manifest === undefined) {
      throw new InputError([{ source: join(directory, MANIFEST_FILE), path: '', value: 'no such file', expected: 'a directory written by mirrorsim sweep --shard K/N --report DIR' }]);
    }
    if (manifest.shard === null) {
      throw new InputError([{ source: join(directory, MANIFEST_FILE), path: 'shard', value: 'null', expected: 'a shard K/N: this directory holds a whole sweep, which needs no merging' }]);
    }
    return { directory, manifest };
  });
  const first = loaded[0];
  const count = first.manifest.shard!.count;
  const issues: InputIssue[] = [];
  const byIndex = new Map<number, LoadedShard>();
  for (const shard of loaded) {
    const manifestPath = join(shard.directory, MANIFEST_FILE);
    // Shards differ in their index (and, wrongly, maybe their count: checked next); all else must agree.
    const difference = manifestDifference({ ...shard.manifest, shard: null }, { ...first.manifest, shard: null });
    if (difference !== undefined) {
      issues.push({ source: manifestPath, path: difference.field, value: difference.a, expected: `${difference.b}, as in ${join(first.directory, MANIFEST_FILE)}: shards of one sweep` });
    } else if (shard.manifest.shard!.count !== count) {
      issues.push({ source: manifestPath, path: 'shard.count', value: String(shard.manifest.shard!.count), expected: `${count}, as in ${join(first.directory, MANIFEST_FILE)}` });
    } else if (byIndex.has(shard.manifest.shard!.index)) {
      issues.push({ source: manifestPath, path: 'shard.index', value: String(shard.manifest.shard!.index), expected: `a shard not given already (${byIndex.get(shard.manifest.shard!.index)!.directory} is shard ${shard.manifest.shard!.index} too)` });
    } else byIndex.set(shard.manifest.shard!.index, shard);
  }
  if (issues.length > 0) throw new InputError(issues);
  const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new InputError([{ source: 'merge', path: '', value: `${loaded.length} of ${count} shards`, expected: `every shard; missing: ${missing.map((index) => `${index}/${count}`).join(', ')}` }]);
  }

  const seeds = parseSeeds(first.manifest.seeds);
  const labels = first.manifest.variants.map(variantItemLabel);
  const variants = first.manifest.variants.map((item) => variantItemValues(item).values);
  const rows: SweepRow[] = [];
  for (let index = 0; index < count; index += 1) {
    const shard = byIndex.get(index)!;
    const resultsPath = join(shard.directory, RESULTS_FILE);
    const wanted = new Set(shardSeeds(seeds, { index, count }).flatMap((seed) => labels.map((label) => unitKey(seed, label))));
    const found = new Map<string, SweepRow>();
    for (const row of readResults(resultsPath).rows) {
      const key = unitKey(row.seed, row.variant);
      if (wanted.has(key)) found.set(key, row);
    }
    if (found.size < wanted.size) {
      throw new InputError([{
        source: resultsPath,
        path: '',
        value: `${found.size} of ${wanted.size} runs`,
        expected: `shard ${index}/${count} complete: finish it with the same sweep command and --resume`,
      }]);
    }
    rows.push(...found.values());
  }
  // The same canonical order, and so the same bytes, as the whole sweep's results.jsonl.
  const ordered = canonicalRows(rows, seeds, labels);
  writeFileAtomically(join(reportDirectory, MANIFEST_FILE), manifestText({ ...first.manifest, shard: null }));
  writeFileAtomically(join(reportDirectory, RESULTS_FILE), resultsText(ordered));
  return printSweepOutput({
    scenario: first.manifest.scenario,
    seedsLabel: first.manifest.seeds,
    labels,
    variants,
    rows: ordered,
    how: { shards: count },
    expectations: expectationsOf(first.manifest, variants),
    reportDirectory,
    json: args.json,
  }).then((status) => applyViolationPolicy(status, args.exitZeroOnViolations === true, 'the merged sweep'));
}

/**
 * The verdicts expected of the variants, from the scenario file the shards ran (its `compare` list and
 * `variant` section) while it is still there unchanged; else from the variants' own values alone.
 */
function expectationsOf(manifest: SweepManifest, variants: readonly Record<string, string>[]): ('pass' | 'fail')[] | undefined {
  try {
    const scenario = loadScenario(manifest.scenario.source);
    return scenarioDigest(scenario) === manifest.scenario.digest ? expectedVerdicts(scenario, variants) : undefined;
  } catch {
    return undefined;
  }
}
