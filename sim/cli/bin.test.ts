// The executable's start: --version prints package.json's version, and --help loads no command, simulator or report.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { cachedHelp, HELP_WIDTH } from './help-cache.js';
import { main } from './main.js';
import { renderHelp } from './write-help-cache.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const launcher = join(root, 'sim/cli/mirrorsim.mjs');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const scratch = mkdtempSync(join(tmpdir(), 'mirrorsim-bin-'));

/** Runs the launcher with a module hook that lists every file module resolved, one URL a line on stderr. */
function modulesLoaded(...args: string[]): { status: number | null; stdout: string; modules: string[] } {
  const hooks = join(scratch, 'hooks.mjs');
  writeFileSync(hooks, "import { writeSync } from 'node:fs';\n"
    + 'export async function resolve(specifier, context, next) {\n'
    + '  const resolved = await next(specifier, context);\n'
    + "  if (resolved.url.startsWith('file:')) writeSync(2, `loaded ${resolved.url}\\n`);\n  return resolved;\n}\n");
  const register = join(scratch, 'register.mjs');
  const hooksUrl = JSON.stringify(pathToFileURL(hooks).href);
  writeFileSync(register, `import { register } from 'node:module';\nregister(${hooksUrl});\n`);
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, launcher, ...args], {
    cwd: root, encoding: 'utf8',
  });
  const modules = result.stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice(7));
  return { status: result.status, stdout: result.stdout, modules };
}

describe('the mirrorsim executable', () => {
  it("--version prints package.json's version, from the launcher and through the command line", async () => {
    const result = spawnSync(process.execPath, [launcher, '--version'], { cwd: root, encoding: 'utf8' });
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.status).toBe(0);
    // yargs prints the version with console.log.
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['--version'])).toBe(0);
      expect(log.mock.calls).toEqual([[version]]);
    } finally {
      log.mockRestore();
    }
  });

  it('--help loads yargs and the flag definitions, not a command, the simulator, yaml or the reports', () => {
    const { status, stdout, modules } = modulesLoaded('--help');
    expect(status).toBe(0);
    expect(stdout).toContain('mirrorsim <command> [options]');
    expect(modules.some((url) => url.includes('/node_modules/yargs/'))).toBe(true);
    const simulator = /\/sim\/(cli\/commands|runner|world|oracle|report|sweep)\/|\/src\//;
    const heavy = new RegExp(`${simulator.source}|/node_modules/(yaml|d3-node|jsdom)/`);
    expect(modules.filter((url) => heavy.test(url))).toEqual([]);
  });

  it('a command still loads what it needs', () => {
    const { status, modules } = modulesLoaded('list');
    expect(status).toBe(0);
    expect(modules.some((url) => url.includes('/sim/cli/commands/list-command.ts'))).toBe(true);
  });

  it('the build caches --help as yargs prints it to a pipe, and the cache is used only where it fits', async () => {
    const piped = spawnSync(process.execPath, [launcher, '--help'], { cwd: root, encoding: 'utf8' });
    expect(piped.status).toBe(0);
    const rendered = await renderHelp();
    expect(rendered).toBe(piped.stdout);
    expect(Math.max(...rendered.split('\n').map((line) => line.length))).toBeLessThanOrEqual(HELP_WIDTH);
    expect(await renderHelp(80)).not.toBe(rendered);
    const file = pathToFileURL(join(scratch, 'help.txt'));
    writeFileSync(file, rendered);
    expect(cachedHelp(undefined, file)).toBe(rendered);
    expect(cachedHelp(HELP_WIDTH, file)).toBe(rendered);
    expect(cachedHelp(200, file)).toBe(rendered);
    expect(cachedHelp(HELP_WIDTH - 1, file)).toBeUndefined();
    expect(cachedHelp(undefined, pathToFileURL(join(scratch, 'absent.txt')))).toBeUndefined();
  });
});
