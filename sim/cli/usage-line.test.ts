import { describe, expect, it } from 'vitest';
import { usageLine } from './main.js';

describe('a usage error in one line', () => {
  it.each([
    [['Unknown arguments: swep, x'], ['swep', 'x'], 'Unknown command "swep"; did you mean sweep?'],
    [['Unknown argument: fly'], ['fly'], 'Unknown command "fly"'],
    [['Unknown argument: frobnicate'], ['run', '--frobnicate'], 'Unknown argument: frobnicate'],
    [['Missing required argument: seeds', 'Unknown argument: seds'], ['sweep', 'x', '--seds', '3'],
      'Missing required argument: seeds; Unknown argument: seds'],
  ])('%j for %j: %s', (messages, argv, line) => {
    expect(usageLine(messages, argv)).toBe(line);
  });
});
