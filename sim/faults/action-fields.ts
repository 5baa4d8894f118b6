// Each action's fields as rows (name, type, required or its default, meaning), from the same field
// definitions that validate them: `mirrorsim list` prints them and the README's table is made of them.

import type { Field } from '../scenario/schema.js';
import type { ActionCatalog } from './action-kind.js';

export interface FieldRow {
  readonly name: string;
  readonly type: string;
  /** `required`, `optional` or `default VALUE` (as a scenario writes it). */
  readonly presence: string;
  readonly meaning: string;
}

export interface ActionRow {
  readonly name: string;
  readonly summary: string;
  /** May occur at random (under faults.random). */
  readonly random: boolean;
  readonly fields: readonly FieldRow[];
}

function presence(field: Field<unknown>): string {
  if (!field.optional) return 'required';
  if (field.written === undefined) return 'optional';
  return `default ${typeof field.written === 'string' ? field.written : JSON.stringify(field.written)}`;
}

/** The actions a schedule may name (heal is the run's own), in name order. */
export function actionRows(catalog: ActionCatalog): ActionRow[] {
  return Object.keys(catalog).sort().filter((name) => name !== 'heal').map((name) => {
    const kind = catalog[name];
    const fields = Object.entries(kind.fields as Record<string, Field<unknown>>).map(([field, definition]) => ({
      name: field, type: definition.parse.type, presence: presence(definition), meaning: definition.meaning ?? '',
    }));
    return { name, summary: kind.summary, random: kind.draw !== undefined, fields };
  });
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The README's table of every field of every action (Markdown). */
export function actionFieldTable(catalog: ActionCatalog): string {
  const lines = ['| action | field | type | required / default | meaning |', '| --- | --- | --- | --- | --- |'];
  for (const action of actionRows(catalog)) {
    const name = `\`${action.name}\`${action.random ? ' *' : ''}`;
    if (action.fields.length === 0) lines.push(`| ${name} | (none) | | | ${cell(action.summary)} |`);
    for (const field of action.fields) {
      const cells = [name, `\`${field.name}\``, cell(field.type), cell(field.presence), cell(field.meaning)];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
