// Action fields as rows: every field of every action has a type, a presence and a meaning, and the README's
// table of them is the generated one (UPDATE_SCHEMA=1 rewrites it).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionFieldTable, actionRows } from './action-fields.js';
import { productCatalog } from './catalog.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const BEGIN = '<!-- action-fields:begin (generated from the action catalog) -->\n';
const END = '<!-- action-fields:end -->';

describe('action fields', () => {
  it('give each field its type, whether it is required or its default, and its meaning', () => {
    const rows = actionRows(productCatalog);
    expect(rows.map((row) => row.name)).not.toContain('heal');
    const transient = rows.find((row) => row.name === 'transientErrors')!;
    expect(transient.random).toBe(true);
    expect(transient.fields.find((field) => field.name === 'for')).toEqual({
      name: 'for', type: 'duration > 0', presence: 'default 2s', meaning: 'how long the errors last',
    });
    const note = rows.find((row) => row.name === 'note')!;
    const message = { name: 'message', type: 'text', presence: 'required', meaning: 'the text of the note' };
    expect(note.fields).toEqual([message]);
    for (const row of rows) {
      for (const field of row.fields) expect(field.meaning, `${row.name}.${field.name}`).not.toBe('');
    }
  });

  it('are documented in the README, every field of every action', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start >= 0 && end > start, 'the README has the action-fields markers').toBe(true);
    const table = actionFieldTable(productCatalog);
    if (process.env.UPDATE_SCHEMA === '1') {
      writeFileSync(README, `${text.slice(0, start + BEGIN.length)}${table}${text.slice(end)}`);
      return;
    }
    const stale = 'the README action table is stale: UPDATE_SCHEMA=1 npx vitest run sim/faults/action-fields.test.ts';
    expect(text.slice(start + BEGIN.length, end) === table, stale).toBe(true);
  });
});
