// Settings that contradict each other or the simulator's limits are validation errors naming the field,
// never silently adjusted nor left to fail mid-run.

import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseScenarioText } from './load-scenario.js';

const HEAD = 'name: t\nduration: 120s\n';
const VOLUME = `${HEAD}volume: { size: 4MiB }\n`;
const GEO = `${HEAD}systems: { iasp: { size: 16MiB } }\n`;

function issuesOf(text: string): InputError['issues'] {
  try {
    parseScenarioText(text, 'case.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('contradictions and limits', () => {
  it.each([
    [
      'volume and systems',
      `${VOLUME}systems: { iasp: { size: 16MiB } }\n`,
      'systems',
      '{"iasp":{"size":"16MiB"}}',
      'not both',
    ],
    [
      'min above max',
      `${HEAD}volume: { size: 4MiB, disk: { model: uniform, min: 5ms, max: 1ms } }\n`,
      'volume.disk.max',
      '"1ms"',
      'at least min (5ms)',
    ],
    [
      'min above max in an IASP',
      `${HEAD}systems: { iasp: { size: 16MiB, disk: { model: uniform, min: 2ms, max: 1ms } } }\n`,
      'systems.iasp.disk.max',
      '"1ms"',
      'at least min (2ms)',
    ],
    [
      'more table pages than pages',
      `${HEAD}volume: { size: 8KiB, tocPages: 3 }\n`,
      'volume.tocPages',
      '3',
      "at most the volume's 2 pages",
    ],
    ['a volume under a page', `${HEAD}volume: { size: 4095B }\n`, 'volume.size', '"4095B"', 'at least 4096 bytes'],
    [
      'a volume region under a page',
      `${HEAD}volume: { size: 4MiB, regionSize: 1KiB }\n`,
      'volume.regionSize',
      '"1KiB"',
      'at least 4096 bytes',
    ],
    [
      'an IASP under a page',
      `${HEAD}systems: { iasp: { size: 100B } }\n`,
      'systems.iasp.size',
      '"100B"',
      'at least 4096 bytes',
    ],
    [
      'a mirroring region under a page',
      `${GEO}mirroring: { regionSize: 2KiB }\n`,
      'mirroring.regionSize',
      '"2KiB"',
      'at least 4096 bytes',
    ],
    [
      'too many mirroring regions',
      `${HEAD}systems: { iasp: { size: 8TiB } }\nmirroring: { regionSize: 4MiB }\n`,
      'systems.iasp.size',
      '"8TiB"',
      'here 2097152',
    ],
    [
      'an unknown variant value',
      `${VOLUME}variant: { recovery: sloppy }\n`,
      'variant.recovery',
      '"sloppy"',
      'one of gated',
    ],
    [
      'a variant value that is not text',
      `${VOLUME}variant: { recovery: 3 }\n`,
      'variant.recovery',
      '3',
      'one of gated',
    ],
    [
      'an unknown variant key',
      `${VOLUME}variant: { colour: blue }\n`,
      'variant.colour',
      '"blue"',
      'variant keys: addressing, mirroring, recovery',
    ],
    [
      'a compared variant that does not exist',
      `${VOLUME}compare: [ { label: a, variant: { addressing: nope }, expect: pass } ]\n`,
      'compare[0].variant.addressing',
      '"nope"',
      'one of shared-range',
    ],
    [
      'a random rate near the bound',
      `${VOLUME}faults: { random: { crash: 830/s } }\n`,
      'faults.random.crash',
      '"830/s"',
      'well below 100000 faults',
    ],
    [
      'a swarm rate that may reach the bound',
      `${VOLUME}faults: { random: { crash: 210/s }, swarm: true }\n`,
      'faults.random.crash',
      '"210/s"',
      'up to 4 times',
    ],
    [
      'an operator rate near the bound',
      `${GEO}operators: { rate: 830/s }\n`,
      'operators.rate',
      '"830/s"',
      'well below 100000 operator actions',
    ],
    [
      'a rate slower than 0.001/h',
      `${VOLUME}workload: { writes: 0.0009/h }\n`,
      'workload.writes',
      '"0.0009/h"',
      'from 0.001/h to 1000000/s',
    ],
    [
      'a rate faster than 1000000/s',
      `${GEO}workload: { production: { reads: 1000001/s } }\n`,
      'workload.production.reads',
      '"1000001/s"',
      '1000000/s',
    ],
    ['a run longer than 100000h', 'name: t\nduration: 100001h\n', 'duration', '"100001h"', 'at most 100000h'],
    [
      'a fault longer than 100000h',
      `${GEO}faults: { schedule: [ { at: 1s, action: linkPartition, for: 100001h } ] }\n`,
      'faults.schedule[0].for',
      '"100001h"',
      'at most 100000h',
    ],
    ['a seed with a control character', `${HEAD}seed: "a\\tb"\n`, 'seed', '"a\\tb"', 'no control characters'],
    [
      'a seed too long',
      `${HEAD}seed: "${'s'.repeat(257)}"\n`,
      'seed',
      `"${'s'.repeat(76)}...`,
      'at most 256 characters',
    ],
    [
      'a count beyond 2^53',
      `${HEAD}volume: { size: 4MiB, tocPages: 9007199254740993 }\n`,
      'volume.tocPages',
      '9007199254740993',
      'a whole number',
    ],
    ['a name on two lines', 'name: "a\\nb"\nduration: 1s\n', 'name', '"a\\nb"', 'one line of text'],
    [
      'a compared label too long',
      `${VOLUME}compare: [ { label: ${'l'.repeat(201)}, variant: {}, expect: pass } ]\n`,
      'compare[0].label',
      `"${'l'.repeat(76)}...`,
      '1 to 200 characters',
    ],
  ])('%s', (_label, text, path, value, expected) => {
    const issues = issuesOf(text);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.value).toBe(value);
    expect(issue!.expected).toContain(expected);
    expect(issue!.location).toMatch(/^\d+:\d+$/);
  });

  it.each([
    ['a rate well below the bound', `${VOLUME}faults: { random: { crash: 800/s } }\n`],
    ['the slowest and fastest rates', `${VOLUME}workload: { writes: 0.001/h, reads: 1000000/s }\n`],
    ['a run of 100000h', 'name: t\nduration: 100000h\n'],
    ['a uniform time of one value', `${HEAD}volume: { size: 4MiB, disk: { model: uniform, min: 1ms, max: 1ms } }\n`],
    ['table pages as many as pages', `${HEAD}volume: { size: 8KiB, tocPages: 2 }\n`],
    ['a one-page volume with the default table', `${HEAD}volume: { size: 4KiB }\n`],
    ['a 4 TiB IASP with the default region', `${HEAD}systems: { iasp: { size: 4TiB } }\n`],
  ])('accepts %s', (_label, text) => expect(() => parseScenarioText(text, 'case.yaml')).not.toThrow());

  it('a one-page volume keeps one table page (the default, 16, is cut to the volume)', () => {
    expect(parseScenarioText(`${HEAD}volume: { size: 4KiB }\n`, 'case.yaml').volume?.tocPages).toBe(1);
  });

  it('a seed beyond 2^53 is kept exact, and the definition holds it as text (JSON cannot hold a bigint)', () => {
    const scenario = parseScenarioText(`${HEAD}seed: 18446744073709551617\n`, 'case.yaml');
    expect(scenario.seed).toBe('18446744073709551617');
    expect(JSON.stringify(scenario.definition)).toContain('"seed":"18446744073709551617"');
    const small = parseScenarioText(`${HEAD}seed: 42\nvolume: { size: 4MiB, tocPages: 4 }\n`, 'case.yaml');
    expect(small.seed).toBe('42');
    expect(small.definition).toMatchObject({ seed: 42, volume: { tocPages: 4 } });
  });
});
