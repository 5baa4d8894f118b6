import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { path, seedText, single, wholeNumber } from './flags.js';

function message(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('flag values', () => {
  it.each([
    ['a flag given once', () => single('--seeds', '1..9'), '1..9'],
    ['a flag not given', () => single('--seeds', undefined), undefined],
    ['a whole number', () => wholeNumber('--workers', '4', 1, 256), 4],
    ['the largest allowed', () => wholeNumber('--workers', '256', 1, 256), 256],
    ['a seed as text', () => seedText('--seed', 'run 7, é'), 'run 7, é'],
    ['a path', () => path('--report', 'out/r', 'a directory'), 'out/r'],
  ])('accepts %s', (_label, call, expected) => expect(call()).toEqual(expected));

  it.each([
    ['a flag given twice', () => single('--seed', ['1', '2']), '--seed: got "1" and "2", expected --seed given once'],
    [
      'letters for a number',
      () => wholeNumber('--workers', 'abc', 1, 256),
      '--workers: got "abc", expected a whole number from 1 to 256',
    ],
    [
      'an exponent',
      () => wholeNumber('--max-events', '1e3', 1, Number.MAX_SAFE_INTEGER),
      '--max-events: got "1e3", expected a whole number of at least 1',
    ],
    ['a fraction', () => wholeNumber('--workers', '1.5', 1, 256), '--workers: got "1.5"'],
    ['a sign', () => wholeNumber('--workers', '+2', 1, 256), '--workers: got "+2"'],
    ['hexadecimal', () => wholeNumber('--workers', '0x10', 1, 256), '--workers: got "0x10"'],
    ['below the range', () => wholeNumber('--workers', '0', 1, 256), '--workers: got "0"'],
    ['above the range', () => wholeNumber('--workers', '257', 1, 256), '--workers: got "257"'],
    [
      'beyond 2^53',
      () => wholeNumber('--max-events', '99999999999999999', 1, Number.MAX_SAFE_INTEGER),
      'got "99999999999999999"',
    ],
    ['an empty number', () => wholeNumber('--workers', '', 1, 256), '--workers: got ""'],
    ['a number given twice', () => wholeNumber('--workers', ['1', '2'], 1, 256), '--workers given once'],
    ['an empty path', () => path('--report', '', 'a directory'), '--report: got "", expected a directory'],
    ['a blank path', () => path('--trace', '  ', 'a file'), '--trace: got "  ", expected a file'],
    ['an empty seed', () => seedText('--seed', ''), '--seed: got "", expected a seed'],
    ['a seed with a newline', () => seedText('--seed', 'a\nb'), '--seed: got "a\\nb"'],
    ['a seed too long', () => seedText('--seed', 'x'.repeat(257)), 'at most 256 characters'],
  ])('refuses %s', (_label, call, says) => {
    const text = message(call);
    expect(text).toContain(says);
    expect(text).not.toContain('NaN');
  });
});
