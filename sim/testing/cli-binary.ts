// The command line the tests spawn: the compiled bin when dist/ is current (no tsx start per process), else
// the sources through the development launcher. Either runs the same command line.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from '../build/source-digest.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The compiled executable, or sim/cli/mirrorsim.mjs when dist/ is missing or older than the sources. */
export const CLI_BINARY = buildIsCurrent(root)
  ? join(root, 'dist/sim/cli/bin.js')
  : join(root, 'sim/cli/mirrorsim.mjs');
