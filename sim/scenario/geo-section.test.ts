// Capacity validation of a two-system scenario: rates whose run would pass a documented capacity of the
// single-level store (object content serials) are a validation error naming the field, never an exit 3.

import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseScenarioText } from './load-scenario.js';

const scenario = (creates: string, duration: string): string => `
name: capacity
duration: ${duration}
systems: { iasp: { size: 64MiB } }
workload:
  production: { creates: ${creates} }
  target: { creates: 1/s }
`;

function issuePaths(text: string): string[] {
  try {
    parseScenarioText(text, 'capacity.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  return [];
}

describe('two-system capacities', () => {
  it('rejects create rates that would use up object content serials, naming the field', () => {
    // 100/s over 1 day is 8.64 million creates, past 2^23 = 8,388,608.
    expect(issuePaths(scenario('100/s', '24h'))).toEqual(['workload.production.creates']);
  });

  it('accepts the same rate over a run that fits', () => {
    expect(issuePaths(scenario('100/s', '12h'))).toEqual([]);
  });
});
