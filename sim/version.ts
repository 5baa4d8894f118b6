// The tool's name and version, read once from package.json; written into every trace header and result.

import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT_URL } from './package-files.js';

const packageText = readFileSync(new URL('package.json', PACKAGE_ROOT_URL), 'utf8');
const packageJson = JSON.parse(packageText) as { name: string; version: string };

export const TOOL_NAME = packageJson.name;
export const TOOL_VERSION = packageJson.version;
