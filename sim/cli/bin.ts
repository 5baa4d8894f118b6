#!/usr/bin/env node
// The `mirrorsim` executable: compiled into dist/sim/cli/bin.js for the package; mirrorsim.mjs runs it from source.

// `--version` alone needs only package.json, and `--help` alone the text the build cached (help-cache.ts);
// anything else loads the command line (yargs, then the command run).
const only = process.argv.length === 3 ? process.argv[2] : undefined;
const help = only === '--help' || only === '-h'
  ? (await import('./help-cache.js')).cachedHelp(process.stdout.columns)
  : undefined;
if (only === '--version') {
  const { TOOL_VERSION } = await import('../version.js');
  process.stdout.write(`${TOOL_VERSION}\n`);
} else if (help !== undefined) {
  process.stdout.write(help);
} else {
  const { runMain } = await import('./main.js');
  await runMain();
}
