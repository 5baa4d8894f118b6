// Build step (after tsc): asks the command line for its top-level --help at HELP_WIDTH and writes it to help.txt.

import { writeFileSync } from 'node:fs';
import { HELP_FILE, HELP_WIDTH } from './help-cache.js';
import { main } from './main.js';

/** Runs `mirrorsim --help` in-process at `width` columns and gives what it printed. */
export async function renderHelp(width: number = HELP_WIDTH): Promise<string> {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => { printed.push(`${parts.map(String).join(' ')}\n`); };
  try {
    const status = await main(['--help'], width);
    if (status !== 0) throw new Error(`mirrorsim --help exited ${status}`);
  } finally {
    console.log = log;
  }
  if (printed.length === 0) throw new Error('mirrorsim --help printed nothing');
  return printed.join('');
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(HELP_FILE, await renderHelp());
}
