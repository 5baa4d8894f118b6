// The one-line command that reproduces a run: printed with every failure.

import { relative, sep } from 'node:path';
import { SCENARIO_DIRECTORY } from '../scenario/load-scenario.js';

/** `npx mirrorsim run detach-reattach --seed 17 --variant addressing=shared-range`. */
export function reproduceCommand(source: string, seed: string, variant: Readonly<Record<string, string>>, cwd: string): string {
  const inLibrary = source.startsWith(SCENARIO_DIRECTORY) && !source.slice(SCENARIO_DIRECTORY.length).includes(sep);
  const reference = inLibrary ? source.slice(SCENARIO_DIRECTORY.length).replace(/\.(ya?ml|json)$/, '') : relative(cwd, source) || source;
  const variantArguments = Object.keys(variant).sort().map((key) => ` --variant ${key}=${variant[key]}`).join('');
  return `npx mirrorsim run ${shellQuote(reference)} --seed ${shellQuote(seed)}${variantArguments}`;
}

export function shellQuote(text: string): string {
  return /^[\w./=:@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
