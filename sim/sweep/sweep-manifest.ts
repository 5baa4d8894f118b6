// sweep.json: what a sweep directory holds (which scenario, seeds, variants and shard), written before the
// first run, so that `sweep --resume` continues only the same sweep and `mirrorsim merge` combines only
// shards of one sweep. Shards split the seed list into contiguous ranges.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { canonicalJson } from '../kernel/canonical-json.js';
import type { Scenario } from '../scenario/scenario.js';

export const MANIFEST_FILE = 'sweep.json';
const FORMAT = 'mirrorsim-sweep/1';

export interface Shard {
  /** Counting from 0, as a Kubernetes Indexed Job's JOB_COMPLETION_INDEX does. */
  readonly index: number;
  readonly count: number;
}

export interface SweepManifest {
  readonly format: typeof FORMAT;
  readonly scenario: {
    readonly name: string;
    readonly source: string;
    readonly durationUs: number;
    /** SHA-256 of the scenario's definition as canonical JSON: equal for the same scenario, however formatted. */
    readonly digest: string;
  };
  /** The seeds as given, e.g. `1..10000`: the whole sweep's, not this shard's. */
  readonly seeds: string;
  /** Each variant as given (keys joined with +); '' for the scenario as written. */
  readonly variants: readonly string[];
  readonly shard: Shard | null;
}

export function scenarioDigest(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario.definition)).digest('hex');
}

export function makeManifest(scenario: Scenario, seeds: string, variants: readonly string[], shard: Shard | null): SweepManifest {
  return {
    format: FORMAT,
    scenario: { name: scenario.name, source: scenario.source, durationUs: scenario.durationUs, digest: scenarioDigest(scenario) },
    seeds,
    variants,
    shard,
  };
}

export function manifestText(manifest: SweepManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** `K/N`: shard K (from 0) of N; `source` names it in a message (the CLI's `--shard`). */
export function parseShard(text: string, seedCount: number, source = 'shard'): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (match !== null) {
    const index = Number(match[1]);
    const count = Number(match[2]);
    if (count >= 1 && count <= seedCount && index < count) return { index, count };
  }
  throw new InputError([{
    source,
    path: '',
    value: JSON.stringify(text),
    expected: `K/N with 0 <= K < N and N at most the number of seeds (${seedCount}), e.g. 0/8 for the first of eight shards`,
  }]);
}

/** The contiguous part of the seed list that a shard runs; the shards together run every seed once. */
export function shardSeeds(seeds: readonly string[], shard: Shard | null): string[] {
  if (shard === null) return [...seeds];
  const start = Math.floor((shard.index * seeds.length) / shard.count);
  const end = Math.floor(((shard.index + 1) * seeds.length) / shard.count);
  return seeds.slice(start, end);
}

/** The manifest of a sweep directory, or undefined if it has none (a sweep from before manifests). */
export function readManifest(directory: string): SweepManifest | undefined {
  const path = join(directory, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    const expected = `a ${MANIFEST_FILE} written by mirrorsim sweep`;
    throw new InputError([{ source: path, path: '', value: `a file that cannot be read (${code})`, expected }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError([{ source: path, path: '', value: 'text that is not JSON', expected: `a ${MANIFEST_FILE} written by mirrorsim sweep` }]);
  }
  const manifest = value as Partial<SweepManifest> | null;
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== FORMAT || typeof manifest.seeds !== 'string' || !Array.isArray(manifest.variants)
    || typeof manifest.scenario?.digest !== 'string' || typeof manifest.scenario.name !== 'string' || typeof manifest.scenario.durationUs !== 'number') {
    throw new InputError([{ source: path, path: 'format', value: JSON.stringify((manifest as { format?: unknown } | null)?.format ?? null), expected: `a ${MANIFEST_FILE} of format ${FORMAT}, written by mirrorsim sweep` }]);
  }
  return manifest as SweepManifest;
}

/** The first field in which two manifests differ, for a message; undefined if they describe the same sweep part. */
export function manifestDifference(a: SweepManifest, b: SweepManifest): { field: string; a: string; b: string } | undefined {
  const fields: [string, unknown, unknown][] = [
    ['scenario.name', a.scenario.name, b.scenario.name],
    ['scenario.digest', a.scenario.digest, b.scenario.digest],
    ['seeds', a.seeds, b.seeds],
    ['variants', a.variants, b.variants],
    ['shard', a.shard, b.shard],
  ];
  for (const [field, first, second] of fields) {
    if (JSON.stringify(first) !== JSON.stringify(second)) return { field, a: JSON.stringify(first), b: JSON.stringify(second) };
  }
  return undefined;
}
