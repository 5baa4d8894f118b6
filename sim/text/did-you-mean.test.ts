import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean, editDistance } from './did-you-mean.js';

const SCENARIOS = ['crash-mid-recovery', 'default', 'detach-reattach', 'detach-reattach-untracked', 'swarm', 'swarm-busy', 'swarm-volume'];
const COMMANDS = ['run', 'sweep', 'merge', 'replay', 'diff', 'list', 'validate'];

describe('did you mean', () => {
  it.each([
    ['swarm-bussy', SCENARIOS, '; did you mean swarm-busy?'],
    ['detach-reatach', SCENARIOS, '; did you mean detach-reattach?'],
    ['defualt', SCENARIOS, '; did you mean default?'],
    ['SWARM-BUSY ', SCENARIOS, '; did you mean swarm-busy?'],
    ['swarm-vol', SCENARIOS, '; did you mean swarm-volume?'],
    ['crash', SCENARIOS, '; did you mean crash-mid-recovery?'],
    ['swarmy', SCENARIOS, '; did you mean swarm?'],
    ['nothing-like-it', SCENARIOS, ''],
    ['', SCENARIOS, ''],
    ['swarm', SCENARIOS, ''],
    ['swep', COMMANDS, '; did you mean sweep?'],
    ['lsit', COMMANDS, '; did you mean list?'],
    ['xyz', COMMANDS, ''],
    ['adressing', ['addressing', 'mirroring', 'recovery'], '; did you mean addressing?'],
    ['shared-rang', ['shared-range', 'iasp-counter', 'system-unique'], '; did you mean shared-range?'],
    ['ab', ['ac', 'ad', 'xy'], '; did you mean ac or ad?'],
  ])('%j among %j: %j', (input, candidates, hint) => {
    expect(didYouMean(input.trim(), candidates)).toBe(hint);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('lsit', 'list')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestNames('swarm-bussy', SCENARIOS)).toEqual(['swarm-busy']);
  });
});
