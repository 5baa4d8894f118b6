import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenarioText } from '../scenario/load-scenario.js';
import { parseShard, readManifest, scenarioDigest, shardSeeds } from './sweep-manifest.js';

describe('sweep shards and manifest', () => {
  it('splits the seeds into contiguous shards that run every seed exactly once, sizes within one', () => {
    const seeds = Array.from({ length: 103 }, (_, index) => String(index + 1));
    for (const count of [1, 2, 7, 16, 103]) {
      const parts = Array.from({ length: count }, (_, index) => shardSeeds(seeds, { index, count }));
      expect(parts.flat()).toEqual(seeds);
      const sizes = parts.map((part) => part.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardSeeds(seeds, null)).toEqual(seeds);
  });

  it('parses K/N and refuses what is not a shard', () => {
    expect(parseShard('3/8', 100)).toEqual({ index: 3, count: 8 });
    for (const bad of ['8/8', '1/0', '-1/4', '1/200', 'a/b', '1']) {
      expect(() => parseShard(bad, 100), bad).toThrow(/^shard: got/); // the library's wording
      expect(() => parseShard(bad, 100, '--shard'), bad).toThrow(/^--shard: got/); // the CLI names its flag
    }
  });

  it('digests the scenario definition: formatting does not count, a changed value does', () => {
    const text = 'name: tiny\nduration: 1s\n';
    const same = parseScenarioText('# a comment\nname:   tiny\nduration: "1s"\n', 'b.yaml');
    expect(scenarioDigest(parseScenarioText(text, 'a.yaml'))).toBe(scenarioDigest(same));
    expect(scenarioDigest(parseScenarioText('name: tiny\nduration: 2s\n', 'a.yaml'))).not.toBe(scenarioDigest(same));
    expect(scenarioDigest(loadScenario('failover'))).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a directory', (path: string) => mkdirSync(path), /sweep\.json: got a file that cannot be read \(EISDIR\)/],
    ['not JSON', (path: string) => writeFileSync(path, '{'), /sweep\.json: got text that is not JSON/],
    ['null', (path: string) => writeFileSync(path, 'null'), /sweep\.json: format: got null, expected a sweep\.json of/],
    ['another format', (path: string) => writeFileSync(path, '{"format":"x"}'), /format: got "x"/],
  ])('refuses a sweep.json that is %s with one message', (_label, arrange, message) => {
    const directory = mkdtempSync(join(tmpdir(), 'mirrorsim-manifest-'));
    arrange(join(directory, 'sweep.json'));
    expect(() => readManifest(directory)).toThrow(message);
  });
});
