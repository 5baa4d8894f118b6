// The top-level `--help` text, written once at build time (dist/sim/cli/help.txt) so that the executable prints it
// without loading yargs; bin.js falls back to yargs when the file is absent or the terminal is narrower.

import { readFileSync } from 'node:fs';

/** The width yargs wraps the help to when stdout is not a terminal (main.ts: min(110, columns || 110)). */
export const HELP_WIDTH = 110;

/** Where the build writes the text, beside the compiled bin.js. */
export const HELP_FILE = new URL('./help.txt', import.meta.url);

/** The cached text if it was built and fits this terminal (its width is HELP_WIDTH), else undefined. */
export function cachedHelp(columns: number | undefined, file: URL = HELP_FILE): string | undefined {
  if (columns !== undefined && columns > 0 && columns < HELP_WIDTH) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
