// Checks for the options of the library's functions: each problem is an InputIssue named `options.FIELD`,
// the library's own wording (the CLI checks its flags itself and names them by flag).

import { type InputIssue, InputError, renderValue } from '../errors.js';
import { isPlainObject } from '../scenario/schema.js';

export type OptionCheck = (value: unknown) => string | undefined;

/** undefined when `value` is a whole number from `minimum` up, else what was expected. */
export function wholeNumberFrom(minimum: number): OptionCheck {
  return (value) => (Number.isSafeInteger(value) && (value as number) >= minimum ? undefined
    : `a whole number of at least ${minimum}`);
}

export const nonEmptyString: OptionCheck = (value) => (typeof value === 'string' && value !== '' ? undefined
  : 'a non-empty string');

export function oneOf(choices: readonly string[]): OptionCheck {
  return (value) => (typeof value === 'string' && choices.includes(value) ? undefined : `one of ${choices.join(', ')}`);
}

export const stringMap: OptionCheck = (value) => (isPlainObject(value)
  && Object.values(value).every((item) => typeof item === 'string') ? undefined
  : 'a map of variant keys to values, such as { recovery: "gated" }');

export const anything: OptionCheck = () => undefined;

/**
 * Throws one InputError listing every problem with `options`: an option that is not one of `checks` (a typo),
 * or a given option whose check fails. Options left undefined are not checked.
 */
export function checkOptions(
  options: unknown,
  checks: Readonly<Record<string, OptionCheck>>,
  name = 'options',
): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) {
    const expected = `an object of options (${Object.keys(checks).join(', ')})`;
    throw new InputError([{ source: name, path: '', value: renderValue(options), expected, code: 'OPTION_INVALID' }]);
  }
  const issues: InputIssue[] = [];
  for (const key of Object.keys(options)) {
    const value = options[key];
    const check = checks[key];
    if (check === undefined) {
      const expected = `one of the options ${Object.keys(checks).join(', ')}`;
      issues.push({ source: `${name}.${key}`, path: '', value: renderValue(key), expected, code: 'OPTION_UNKNOWN' });
      continue;
    }
    if (value === undefined) continue;
    const expected = check(value);
    if (expected !== undefined) {
      issues.push({ source: `${name}.${key}`, path: '', value: renderValue(value), expected, code: 'OPTION_INVALID' });
    }
  }
  if (issues.length > 0) throw new InputError(issues);
}
