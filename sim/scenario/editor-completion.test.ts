// The schema in an editor: the YAML language server (what VS Code's YAML extension and other editors run),
// driven headless over LSP on shipped scenarios, completes actions and fields and flags mistakes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YamlLanguageClient } from '../testing/yaml-language-client.js';
import { SCENARIO_DIRECTORY } from './load-scenario.js';

const DEFAULT = join(SCENARIO_DIRECTORY, 'default.yaml');
const VOLUME = join(SCENARIO_DIRECTORY, 'disk-loss-recovery.yaml');
const text = readFileSync(DEFAULT, 'utf8');
const FIRST_ENTRY = '    - { at: 10s, action: detach, track: true }';
const entry = (lines: string): string => text.replace(FIRST_ENTRY, `${lines}\n${FIRST_ENTRY}`);

describe('the scenario schema in the YAML language server', () => {
  const client = new YamlLanguageClient();
  beforeAll(() => client.start(), 30_000);
  afterAll(() => client.stop());

  it('finds nothing wrong in a shipped scenario', async () => {
    expect(await client.diagnose(DEFAULT, text)).toEqual([]);
  }, 30_000);

  it("completes an entry's action, its fields, their values, and a section's fields", async () => {
    const actions = await client.complete(DEFAULT, entry('    - at: 5s\n      action: §'));
    expect(actions).toEqual(expect.arrayContaining(['detach', 'transientErrors', 'linkPartition', 'note']));
    expect(actions).not.toContain('heal');
    expect((await client.complete(DEFAULT, entry('    - at: 5s\n      action: transientErrors\n      §'))).sort())
      .toEqual(['copy', 'device', 'for', 'probability']);
    expect(await client.complete(DEFAULT, entry('    - at: 5s\n      action: transientErrors\n      device: §')))
      .toContain('target.iasp');
    const mirroring = text.replace(/mirroring: \{[^\n]*\}/, 'mirroring:\n  mode: sync\n  §');
    expect(await client.complete(DEFAULT, mirroring)).toEqual(expect.arrayContaining(['suspendTimeout', 'syncPriority']));
  }, 30_000);

  it('flags a bad unit, an unknown field and an action of the other world, in our words', async () => {
    const wrong = text.replace('duration: 120s', 'duration: 120 seconds').replace('ipl: 3s', 'ipl: 3s\n  colour: red');
    const messages = (await client.diagnose(DEFAULT, wrong)).map((diagnostic) => diagnostic.message).sort();
    expect(messages).toEqual([
      'Property colour is not allowed.',
      expect.stringMatching(/^a positive duration such as 10s/),
    ]);
    const volume = readFileSync(VOLUME, 'utf8').replace('schedule:', 'schedule:\n    - { at: 1s, action: detach }');
    const [misfit] = await client.diagnose(VOLUME, volume);
    expect(misfit.message).toMatch(/^an action of a duplexed volume/);
  }, 30_000);
});
