// The tool's name and version, read once from package.json; written into every trace header and result.

import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const TOOL_NAME = packageJson.name;
export const TOOL_VERSION = packageJson.version;
