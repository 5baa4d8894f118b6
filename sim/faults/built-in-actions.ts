// Actions every world understands: an operator's note, and the heal that starts a liveness phase.

import { required, string } from '../scenario/schema.js';
import type { ActionCatalog, ActionKind } from './action-kind.js';

export const noteAction: ActionKind = {
  name: 'note',
  summary: 'Write a note into the trace and the result (an operator annotation).',
  fields: { message: required(string(), 'the text of the note') },
  apply(target, params) {
    target.note(params.message as string);
  },
};

export const healAction: ActionKind = {
  name: 'heal',
  summary: 'End every injected fault; added by the run itself at liveness.heal.',
  fields: {},
  apply(target) {
    target.heal();
  },
};

export const builtInActions: ActionCatalog = { note: noteAction, heal: healAction };
