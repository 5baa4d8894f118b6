// `mirrorsim validate`: load and check scenario files without running them; all issues of all files at once.

import { InputError, type InputIssue } from '../../errors.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { ExitStatus } from '../exit-status.js';

export function validateCommand(files: readonly string[]): number {
  const issues: InputIssue[] = [];
  for (const file of files) {
    try {
      const scenario = loadScenario(file);
      process.stdout.write(`ok  ${scenario.source}  (${scenario.name})\n`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return ExitStatus.ok;
}
