// Test-only actions for exercising the fault plumbing and verdicts before (and apart from) the real world.

import { assert } from '../errors.js';
import type { ActionCatalog, ActionKind } from '../faults/action-kind.js';
import { builtInActions } from '../faults/built-in-actions.js';
import { integer, required, string } from '../scenario/schema.js';
import type { World } from '../world/world.js';

const blip: ActionKind = {
  name: 'test.blip',
  summary: 'Test fault: notes a number drawn at random.',
  fields: { size: required(integer(0), 'a number to note') },
  draw: (stream) => ({ size: stream.integer(100) }),
  apply: (target, params) => target.note(`blip ${params.size as number}`),
};

const hum: ActionKind = {
  name: 'test.hum',
  summary: 'Second random test fault, to show kinds draw from independent streams.',
  fields: {},
  draw: () => ({}),
  apply: (target) => target.note('hum'),
};

const violate: ActionKind<World> = {
  name: 'test.violate',
  summary: 'Test action: reports a violation of a test invariant.',
  fields: { message: required(string(), 'what the violation says') },
  apply: (world, params) => world.oracle.report('testInvariant', params.message as string, ['the scenario scheduled test.violate']),
};

const failAssertion: ActionKind = {
  name: 'test.assert',
  summary: 'Test action: an assertion that does not hold.',
  fields: {},
  apply: () => assert(false, 'test.assert always fails'),
};

export const testCatalog: ActionCatalog = { ...builtInActions, 'test.blip': blip, 'test.hum': hum, 'test.violate': violate, 'test.assert': failAssertion };
