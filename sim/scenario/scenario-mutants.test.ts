// Fuzzing the validator a little: a fixed sample of mutants of every shipped scenario is refused or runs
// cleanly, never validated and then thrown or stopped on an assertion (the whole set: sim/bench/fuzz-scenarios.ts).

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { productCatalog } from '../faults/catalog.js';
import { listScenarios } from './load-scenario.js';
import { mutantsOf, tryMutant } from './scenario-mutants.js';

/** Every STRIDE-th mutant of each scenario, from a fixed offset: about 1,200 mutants in all. */
const STRIDE = 25;
const MAX_EVENTS = 200;

describe('mutants of the shipped scenarios', () => {
  it.each(listScenarios().map((entry) => [entry.name, entry.path]))(
    '%s: each sampled mutant is refused or runs',
    (name, path) => {
      const mutants = mutantsOf(parse(readFileSync(path, 'utf8')), Object.keys(productCatalog).sort());
      expect(mutants.length).toBeGreaterThan(STRIDE);
      const holes: string[] = [];
      const outcomes = { refused: 0, ran: 0 };
      for (let index = name.length % STRIDE; index < mutants.length; index += STRIDE) {
        const outcome = tryMutant(mutants[index], `${name}.yaml`, MAX_EVENTS);
        if (outcome.kind === 'hole') holes.push(`${mutants[index].label}: ${outcome.message}`);
        else outcomes[outcome.kind] += 1;
      }
      expect(holes).toEqual([]);
      expect(outcomes.refused).toBeGreaterThan(0);
    },
    60_000,
  );

  it('a mutant that breaks the rules is refused, not run', () => {
    const definition = { name: 'm', duration: '10s', volume: { size: '4MiB' } };
    const byLabel = new Map(mutantsOf(definition, ['detach']).map((mutant) => [mutant.label, mutant]));
    for (const label of ['volume.size="1B"', 'duration="100001h"', 'volume.size=true', 'name dropped', '+detach@1s']) {
      expect(tryMutant(byLabel.get(label)!, 'm.yaml', MAX_EVENTS), label).toEqual({ kind: 'refused' });
    }
    expect(tryMutant(byLabel.get('volume.size="8KiB"')!, 'm.yaml', MAX_EVENTS)).toEqual({ kind: 'ran' });
  });
});
