// JSON Schema (draft-07) fragments as the scenario parsers carry them: the type and the few helpers that join them.

/** A JSON Schema (draft-07) fragment: plain JSON data, keyword by keyword. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A regular-expression source that matches no control character (Unicode category Cc). */
export const NO_CONTROL_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';

/** A positive number somewhere in the text: one digit 1-9 (the schema's side of "positive"). */
export const POSITIVE_LOOKAHEAD = '(?=[\\s\\S]*[1-9])';

/** `an IASP` → `An IASP.`: an expectation as a sentence of a description. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The description of a field: its meaning, what its parser expects, and its default as written. */
export function fieldDescription(meaning: string | undefined, expected: unknown, written: unknown): string {
  const parts = [meaning === undefined ? '' : sentence(meaning)];
  if (typeof expected === 'string') parts.push(sentence(expected));
  if (written !== undefined) parts.push(`Default: ${typeof written === 'string' ? written : JSON.stringify(written)}.`);
  return parts.filter((part) => part !== '').join(' ');
}

/** `schema` with `extra` conditions added (every one must hold, as `allOf`). */
export function withConditions(schema: JsonSchema, extra: readonly JsonSchema[]): JsonSchema {
  const allOf = Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : [];
  return extra.length === 0 ? schema : { ...schema, allOf: [...allOf, ...extra] };
}
