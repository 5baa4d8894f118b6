// writeRunReport writes the files `mirrorsim run --report` writes (for one run or a comparison), each whole
// or not at all; a place that cannot be written is one InputError naming it.

import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { compareVariants } from '../runner/compare-variants.js';
import { runScenario } from '../runner/library-run.js';
import { TINY_DETACH, scenarioFile } from '../testing/library-fixtures.js';
import { writeRunReport } from './write-report.js';
import { CLI_BINARY } from '../testing/cli-binary.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const COMPARED = `${TINY_DETACH}compare:
  - { label: problem, variant: { addressing: shared-range }, expect: fail }
  - { label: fix, variant: { addressing: system-unique }, expect: pass }
`;
const FILES = ['index.html', 'summary.json', 'summary.md'];

describe('writeRunReport', () => {
  it('writes the comparison report the CLI writes, byte for byte', async () => {
    const file = scenarioFile('tiny-compare', COMPARED);
    const cliDirectory = join(file, '..', 'cli');
    const cli = spawnSync(process.execPath, [CLI_BINARY, 'run', file, '--seed', '2',
      '--report',
      cliDirectory], { cwd: root, encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0); // each variant as expected
    const written = await writeRunReport(join(file, '..', 'library'), compareVariants(file, { seed: '2' }));
    expect(readdirSync(written.directory).sort()).toEqual(FILES);
    for (const name of FILES) {
      const cliText = readFileSync(join(cliDirectory, name), 'utf8');
      expect(readFileSync(join(written.directory, name), 'utf8'), name).toBe(cliText);
    }
  }, 120_000);

  it('writes one run\'s report with its verdict, chain and reproduce line; a file in the way: InputError', async () => {
    const file = scenarioFile('tiny-detach', TINY_DETACH);
    const result = runScenario(file, { seed: '2' });
    const written = await writeRunReport(join(file, '..', 'one'), result, { label: 'shared', cwd: root });
    const html = readFileSync(join(written.directory, 'index.html'), 'utf8');
    expect(html).toContain('shared: <span class="verdict">FAIL</span>');
    expect(html).toContain('foreignResolution at');
    const summary = JSON.parse(readFileSync(join(written.directory, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ scenario: 'tiny-detach', description: result.description,
      runs: [{ label: 'shared', verdict: 'fail', seed: '2' }] });
    expect(summary.runs[0].reproduce)
      .toMatch(/^npx mirrorsim run .*tiny-detach\.yaml --seed 2 --variant addressing=shared-range/);
    const blocked = join(file, '..', 'blocked');
    writeFileSync(blocked, 'a file, not a directory');
    const failure = writeRunReport(blocked, result);
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(/blocked/);
  }, 60_000);
});
