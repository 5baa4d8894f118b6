import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseScenarioText } from '../scenario/load-scenario.js';
import { parseVariantItems } from './variant-items.js';

const scenario = parseScenarioText('name: v\nduration: 10s\nvariant: { recovery: ungated }\n', 'v.yaml');

function refusal(text: string): { source: string; path: string; value: string; expected: string } {
  try {
    parseVariantItems(scenario, text);
  } catch (error) {
    if (error instanceof InputError) return error.issues[0];
    throw error;
  }
  throw new Error(`${text} was accepted`);
}

describe('--variants items', () => {
  it.each([
    [undefined, [''], [{}]],
    ['', [''], [{}]],
    [
      'recovery=gated,recovery=ungated+addressing=shared-range',
      ['recovery=gated', 'recovery=ungated+addressing=shared-range'],
      [{ recovery: 'gated' }, { recovery: 'ungated', addressing: 'shared-range' }],
    ],
  ])('%j', (text, items, variants) => expect(parseVariantItems(scenario, text)).toEqual({ items, variants }));

  it.each([
    [
      'recovery=gated,recovery=gated',
      '',
      'each variant once; "recovery=gated" and "recovery=gated" are the same variant of v',
    ],
    ['addressing=shared-range+recovery=gated,recovery=gated+addressing=shared-range', '', 'are the same variant'],
    // The scenario is written with recovery=ungated, so naming it again is the same variant.
    [
      'recovery=gated,recovery=ungated,mirroring=correct',
      '',
      '"recovery=ungated" and "mirroring=correct" are the same variant',
    ],
    ['recovery=gated,', '', 'an item is empty'],
    [',recovery=gated', '', 'an item is empty'],
    ['recovery=gated+recovery=ungated', 'recovery', 'recovery is given twice'],
    ['recovery', '', 'key=value'],
    ['colour=blue', 'colour', 'a variant key, one of addressing, mirroring, recovery'],
    ['recovery=sloppy', 'recovery', 'one of gated'],
  ])('refuses %j', (text, path, says) => {
    const issue = refusal(text);
    expect(issue.source).toBe('--variants');
    expect(issue.path).toBe(path);
    expect(issue.expected).toContain(says);
  });
});
