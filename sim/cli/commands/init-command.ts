// `mirrorsim init NAME`: writes a commented starter scenario NAME.yaml (never over an existing file) whose
// first line points the YAML language server at this installation's scenario schema.

import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../../errors.js';
import { SCHEMA_PATH } from '../../scenario/scenario-schema.js';
import { INVALID, ParseContext, label } from '../../scenario/schema.js';
import { writeFileAtomically } from '../atomic-file.js';
import { ExitStatus } from '../exit-status.js';
import { starterScenario } from './starter-scenario.js';

/** `my-test` → `my-test.yaml`; a name ending in .yaml or .yml is kept as it is. */
export function starterPath(name: string): string {
  return resolve(['.yaml', '.yml'].includes(extname(name)) ? name : `${name}.yaml`);
}

/**
 * The schema as the new file names it: relative where the schema lies below the file's directory
 * (`./node_modules/mirrorsim/scenarios/mirrorsim.schema.json` in a project that installed mirrorsim,
 * `./scenarios/...` in a clone), else its absolute path (a global install, another directory).
 */
export function schemaReference(file: string, schemaPath = SCHEMA_PATH): string {
  const path = relative(dirname(file), schemaPath);
  if (path === '' || path.split(sep)[0] === '..' || isAbsolute(path)) return resolve(schemaPath);
  return `./${path.split(sep).join('/')}`;
}

export function initCommand(name: string): number {
  const path = starterPath(name);
  const scenarioName = basename(path, extname(path));
  const context = new ParseContext();
  if (label()(scenarioName, [], context) === INVALID) {
    const expected = `a name of ${context.issues[0].expected}`;
    throw new InputError([{ source: 'init', path: 'NAME', value: JSON.stringify(name), expected }]);
  }
  if (existsSync(path)) {
    const expected = 'a file that does not exist yet (init never overwrites; choose another NAME or remove it)';
    throw new InputError([{ source: path, path: '', value: 'an existing file', expected }]);
  }
  const schema = schemaReference(path);
  writeFileAtomically(path, starterScenario(scenarioName, schema));
  process.stdout.write(`wrote ${path}\n  its first line points editors at the schema: ${schema}\n`
    + `  (\`mirrorsim schema > FILE\` writes a copy to point at instead)\n`
    + `  check it: mirrorsim validate ${path}\n  run it:   mirrorsim run ${path}\n`);
  return ExitStatus.ok;
}
