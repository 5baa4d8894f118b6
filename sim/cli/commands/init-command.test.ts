// `mirrorsim init`, `schema` and `list` as a user meets them: a starter scenario that validates (parser and
// schema) and names this installation's schema, never written over a file; the schema printed; action fields.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { productCatalog } from '../../faults/catalog.js';
import { actionRows } from '../../faults/action-fields.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { SCHEMA_PATH } from '../../scenario/scenario-schema.js';
import { schemaValidator } from '../../testing/schema-agreement.js';
import { schemaReference } from './init-command.js';
import { CLI_BINARY } from '../../testing/cli-binary.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const binary = CLI_BINARY;

function mirrorsim(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [binary, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('mirrorsim init', () => {
  it('writes a starter that validates and points at the schema, and refuses to write over it', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mirrorsim-init-'));
    const written = mirrorsim(directory, 'init', 'my-test');
    expect(written.status, written.stderr).toBe(0);
    const path = join(directory, 'my-test.yaml');
    const text = readFileSync(path, 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(.+)\n/.exec(text);
    expect(modeline).not.toBeNull();
    expect(resolve(dirname(path), modeline![1])).toBe(SCHEMA_PATH);
    expect(written.stdout).toContain(modeline![1]);
    expect(loadScenario(path).name).toBe('my-test');
    const validate = schemaValidator();
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);

    writeFileSync(path, 'kept: yes\n');
    const again = mirrorsim(directory, 'init', 'my-test.yaml');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^mirrorsim: .*my-test\.yaml: got an existing file, expected .*never overwrites/);
    expect(again.stderr).not.toContain('    at ');
    expect(readFileSync(path, 'utf8')).toBe('kept: yes\n');
  });

  it('names the schema relative to the file below it, else by its absolute path', () => {
    const schema = '/project/node_modules/mirrorsim/scenarios/mirrorsim.schema.json';
    expect(schemaReference('/project/my.yaml', schema)).toBe('./node_modules/mirrorsim/scenarios/mirrorsim.schema.json');
    expect(schemaReference('/elsewhere/my.yaml', schema)).toBe(schema);
  });

  it('refuses a name that is not one line of text', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mirrorsim-init-'));
    const refused = mirrorsim(directory, 'init', 'a\tb');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('NAME');
  });
});

describe('mirrorsim schema and list', () => {
  it('schema prints the committed schema', () => {
    const printed = mirrorsim(root, 'schema');
    expect(printed.status).toBe(0);
    expect(printed.stdout).toBe(readFileSync(SCHEMA_PATH, 'utf8'));
  });

  it("list shows each action's fields with their type, default and meaning", () => {
    const listed = mirrorsim(root, 'list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('probability: percentage, default 2%. The share of requests that fail.');
    expect(listed.stdout).toContain('message: text, required. The text of the note.');
    for (const action of actionRows(productCatalog)) {
      for (const field of action.fields) {
        expect(field.meaning, `${action.name}.${field.name} has a meaning`).not.toBe('');
        expect(listed.stdout).toContain(`${field.name}:`);
      }
    }
  });
});
