// The scenario JSON Schema: the committed file is the generated one, a real validator (ajv) accepts every
// shipped scenario with it, and refuses what the parser refuses wherever JSON Schema can say so.

import { readFileSync, writeFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { listScenarios, parseScenarioText } from './load-scenario.js';
import { agreementOnMutants, schemaValidator } from '../testing/schema-agreement.js';
import { SCHEMA_MODELINE, SCHEMA_PATH, scenarioJsonSchema, scenarioJsonSchemaText } from './scenario-schema.js';

const REGENERATE = 'regenerate with `UPDATE_SCHEMA=1 npx vitest run sim/scenario/scenario-schema.test.ts`';

let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => (compiled ??= schemaValidator());

const parserAccepts = (definition: unknown): boolean => {
  try {
    parseScenarioText(JSON.stringify(definition), 'case.json');
    return true;
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
};

const SAMPLED = ['smoke', 'default', 'swarm-volume', 'errors-during-recovery'];

const GEO = { name: 'g', duration: '60s', systems: { iasp: { size: '64MiB' } } };
const VOLUME = { name: 'v', duration: '60s', volume: { size: '64MiB' } };
const at = (entry: Record<string, unknown>) => ({ faults: { schedule: [{ at: '1s', ...entry }] } });

/** Refused by the parser and by the schema. */
const REFUSED_BY_BOTH: [string, Record<string, unknown>][] = [
  ['no name', { duration: '60s' }],
  ['no duration', { name: 'x' }],
  ['a duration without a unit', { ...VOLUME, duration: '60' }],
  ['a duration as a number', { ...VOLUME, duration: 60 }],
  ['a zero duration', { ...VOLUME, duration: '0s' }],
  ['a duration in furlongs', { ...VOLUME, duration: '5 furlongs' }],
  ['a name over two lines', { ...VOLUME, name: 'a\nb' }],
  ['an empty seed', { ...VOLUME, seed: '' }],
  ['a negative seed', { ...VOLUME, seed: -1 }],
  ['an unknown top-level field', { ...VOLUME, colour: 'red' }],
  ['an unknown IASP field', { ...GEO, systems: { iasp: { size: '64MiB', speed: 'fast' } } }],
  ['a size that is not one', { ...VOLUME, volume: { size: 'lots' } }],
  ['a rate without a period', { ...VOLUME, workload: { writes: '5' } }],
  ['a zero rate', { ...VOLUME, workload: { writes: '0/s' } }],
  ['a bandwidth without /s', { ...GEO, link: { bandwidth: '100MB' } }],
  ['a percentage without %', { ...GEO, mirroring: { trackingSpace: '5' } }],
  ['an unknown mirroring mode', { ...GEO, mirroring: { mode: 'fast' } }],
  ['tracking as text', { ...GEO, mirroring: { tracking: 'yes' } }],
  ['zero pointer slots', { ...GEO, systems: { iasp: { size: '64MiB' }, sysasp: { pointers: 0 } } }],
  ['an unknown disk model', { ...VOLUME, volume: { size: '64MiB', disk: { model: 'ssd' } } }],
  ['a uniform disk without max', { ...VOLUME, volume: { size: '64MiB', disk: { model: 'uniform', min: '1ms' } } }],
  ['a fixed disk with a seek', { ...VOLUME, volume: { size: '64MiB', disk: { model: 'fixed', time: '1ms', seek: '1ms' } } }],
  ['an unknown variant key', { ...VOLUME, variant: { colour: 'red' } }],
  ['an unknown variant value', { ...VOLUME, variant: { recovery: 'maybe' } }],
  ['an unknown action', { ...VOLUME, ...at({ action: 'explode' }) }],
  ['an action without at', { ...VOLUME, faults: { schedule: [{ action: 'recover' }] } }],
  ['heal in the schedule', { ...VOLUME, ...at({ action: 'heal' }) }],
  ['a note without its message', { ...VOLUME, ...at({ action: 'note' }) }],
  ['a field another action has', { ...GEO, ...at({ action: 'detach', force: true }) }],
  ['detach track as text', { ...GEO, ...at({ action: 'detach', track: 'yes' }) }],
  ['a latency spike factor of 1', { ...GEO, ...at({ action: 'latencySpike', factor: 1 }) }],
  ['a probability without %', { ...VOLUME, ...at({ action: 'transientErrors', copy: 0, probability: '5' }) }],
  ['copy 2', { ...VOLUME, ...at({ action: 'diskFailure', copy: 2 }) }],
  ['a random kind that cannot be random', { ...GEO, faults: { random: { detach: '1/h' } } }],
  ['a volume and two systems', { ...VOLUME, systems: GEO.systems }],
  ['a link without systems', { ...VOLUME, link: { latency: '1ms' } }],
  ['mirroring without systems', { ...VOLUME, mirroring: { mode: 'async' } }],
  ['per-system rates for a volume', { ...VOLUME, workload: { production: { writes: '1/s' } } }],
  ['volume rates for two systems', { ...GEO, workload: { writes: '1/s' } }],
  ['a two-system action in a volume scenario', { ...VOLUME, ...at({ action: 'detach' }) }],
  ['a volume action in a two-system scenario', { ...GEO, ...at({ action: 'recover' }) }],
  ['a random two-system fault in a volume scenario', { ...VOLUME, faults: { random: { linkReset: '1/h' } } }],
  ['a crash with neither section', { name: 'n', duration: '60s', ...at({ action: 'crash' }) }],
  ['an operator swarm without a rate', { ...GEO, operators: { swarm: true } }],
  ['an unknown operator action', { ...GEO, operators: { rate: '1/h', actions: { explode: 1 } } }],
  ['a compared variant expecting maybe', { ...VOLUME, compare: [{ label: 'a', variant: {}, expect: 'maybe' }] }],
  ['liveness without convergeWithin', { ...VOLUME, liveness: { heal: '10s' } }],
];

/**
 * Refused by the parser only (JSON Schema cannot compare two fields' values or check a unit's range):
 * README "Scenario schema" lists these. A case the schema starts to refuse moves to REFUSED_BY_BOTH.
 */
const REFUSED_BY_THE_PARSER_ONLY: [string, Record<string, unknown>][] = [
  ['an action at the end of the run', { ...VOLUME, ...at({ action: 'recover', at: '60s' }) }],
  ['liveness.heal at the end of the run', { ...VOLUME, liveness: { heal: '60s', convergeWithin: '1s' } }],
  ['a uniform disk whose max is below its min',
    { ...VOLUME, volume: { size: '64MiB', disk: { model: 'uniform', min: '5ms', max: '1ms' } } }],
  ['more table pages than the volume has', { ...VOLUME, volume: { size: '64KiB', tocPages: 17 } }],
  ['a volume smaller than a page', { ...VOLUME, volume: { size: '1KiB' } }],
  ['a duration that is not whole microseconds', { ...VOLUME, duration: '1.5us' }],
  ['a duration over 100000h', { ...VOLUME, duration: '100001h' }],
  ['a rate slower than 0.001/h', { ...VOLUME, workload: { writes: '0.0001/h' } }],
  ['a rate faster than 1000000/s', { ...VOLUME, workload: { writes: '2000000/s' } }],
  ['a percentage over 100%', { ...GEO, mirroring: { trackingSpace: '150%' } }],
  ['a device in a volume scenario', { ...VOLUME, ...at({ action: 'diskFailure', device: 'target.iasp' }) }],
  ['a disk fault without its copy', { ...VOLUME, ...at({ action: 'diskFailure' }) }],
  ['a crash of a named system with a volume', { ...VOLUME, ...at({ action: 'crash', system: 'target' }) }],
  ['an operator action of the other world', { ...VOLUME, operators: { rate: '1/h', actions: { detach: 1 } } }],
  ['operator weights all zero', { ...GEO, operators: { rate: '1/h', actions: { detach: 0 } } }],
  ['an operator swarm with neither section', { name: 'n', duration: '60s', operators: { rate: '1/h' } }],
  ['random faults too many to draw', { ...VOLUME, faults: { random: { crash: '1000000/s' } } }],
  ['more creates than an IASP holds', { ...GEO, duration: '100h', workload: { production: { creates: '1000/s' } } }],
  ['more mirroring regions than a sync plans', { ...GEO, systems: { iasp: { size: '8TiB' } }, mirroring: { regionSize: '4KiB' } }],
];

describe('the scenario JSON Schema', () => {
  it('is committed as generated from the parsers', () => {
    const generated = scenarioJsonSchemaText();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_PATH, generated);
    expect(readFileSync(SCHEMA_PATH, 'utf8') === generated, `${SCHEMA_PATH} is stale: ${REGENERATE}`).toBe(true);
    expect(scenarioJsonSchema().$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts every shipped scenario, each of which names it on its first line', () => {
    const validate = validator();
    const scenarios = listScenarios();
    expect(scenarios.length).toBeGreaterThan(10);
    for (const entry of scenarios) {
      const text = readFileSync(entry.path, 'utf8');
      expect(text.split('\n')[0], entry.name).toBe(SCHEMA_MODELINE);
      expect(validate(parse(text)), `${entry.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it.each(REFUSED_BY_BOTH)('refuses, as the parser does: %s', (_label, definition) => {
    const validate = validator();
    expect(parserAccepts(definition)).toBe(false);
    expect(validate(definition)).toBe(false);
  });

  it.each(REFUSED_BY_THE_PARSER_ONLY)('leaves to the parser: %s', (_label, definition) => {
    const validate = validator();
    expect(parserAccepts(definition)).toBe(false);
    expect(validate(definition), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the valid bases of the tables are valid to both', () => {
    const validate = validator();
    for (const base of [GEO, VOLUME]) {
      expect(parserAccepts(base)).toBe(true);
      expect(validate(base)).toBe(true);
    }
  });

  it('never refuses a mutant of a shipped scenario that the parser accepts (an empty field aside)', () => {
    // Four scenarios of both worlds, one with an operator swarm; all of them: sim/bench/schema-agreement.ts.
    const sampled = listScenarios().filter((entry) => SAMPLED.includes(entry.name));
    expect(sampled.map((entry) => entry.name).sort()).toEqual([...SAMPLED].sort());
    const agreement = agreementOnMutants(sampled, validator());
    expect(agreement.stricter).toEqual([]);
    expect(agreement.parserAccepts).toBeGreaterThan(100);
    // Most of what the parser refuses, the schema refuses too (the rest: REFUSED_BY_THE_PARSER_ONLY's kinds).
    expect(agreement.bothRefuse / agreement.parserRefuses).toBeGreaterThan(0.8);
  }, 60_000);
});
