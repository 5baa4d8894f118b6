#!/usr/bin/env node
// The `mirrorsim` executable: compiled into dist/sim/cli/bin.js for the package; mirrorsim.mjs runs it from source.

// `--version` alone needs only package.json; anything else loads the command line (yargs, then the command run).
if (process.argv.length === 3 && process.argv[2] === '--version') {
  const { TOOL_VERSION } = await import('../version.js');
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  const { runMain } = await import('./main.js');
  await runMain();
}
