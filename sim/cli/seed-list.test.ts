import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { MAX_SWEEP_SEEDS, parseSeedList } from './seed-list.js';

describe('--seeds forms', () => {
  it.each([
    ['7', ['7']],
    ['0', ['0']],
    ['1..3', ['1', '2', '3']],
    ['5..5', ['5']],
    ['1,5,9', ['1', '5', '9']],
    ['9,1,5', ['9', '1', '5']],
    ['1..2,10,20..21', ['1', '2', '10', '20', '21']],
    [' 1 , 2..3 ', ['1', '2', '3']],
    ['9007199254740993..9007199254740995', ['9007199254740993', '9007199254740994', '9007199254740995']],
    ['18446744073709551616', ['18446744073709551616']],
  ])('%j', (text, seeds) => expect(parseSeedList(text)).toEqual(seeds));

  it('takes a million seeds, in order', () => {
    const seeds = parseSeedList(`1..${MAX_SWEEP_SEEDS}`);
    expect(seeds).toHaveLength(MAX_SWEEP_SEEDS);
    expect(seeds[MAX_SWEEP_SEEDS - 1]).toBe(String(MAX_SWEEP_SEEDS));
  });

  it.each([
    ['1-10', 'for the range write 1..10'],
    ['abc', '"abc" is not a whole number'],
    ['1..1e3', '"1e3" is not a whole number'],
    ['1e3', '"1e3" is not a whole number'],
    ['-1', '"-1" is not a whole number'],
    ['1.5', '"1.5" is not a whole number'],
    ['0x10', '"0x10" is not a whole number'],
    ['1...3', '".3" is not a whole number'],
    ['1..2..3', 'is not a range'],
    ['..3', '"" is not a whole number'],
    ['10..1', 'the range 10..1 is empty'],
    ['007', '"007" has a leading zero'],
    ['', 'a whole number such as 7'],
    [' ', 'a whole number such as 7'],
    ['1,', 'an item of the list is empty'],
    ['1,1', 'seed 1 is given twice'],
    ['3,1..5', 'seed 3 is in both 1..5 and 3'],
    ['1..5,5..9', 'seed 5 is in both 1..5 and 5..9'],
    ['1..1000001', 'at most 1000000 seeds (these are 1000001)'],
    ['1..500000,600000..1100000', 'at most 1000000 seeds'],
    ['1'.repeat(41), 'more than 40 digits'],
  ])('refuses %j', (text, says) => {
    let error: unknown;
    try {
      parseSeedList(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    const [issue] = (error as InputError).issues;
    expect(issue.source).toBe('--seeds');
    expect(issue.value).toBe(JSON.stringify(text));
    expect(issue.expected).toContain(says);
  });
});
