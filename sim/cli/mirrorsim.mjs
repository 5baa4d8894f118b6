#!/usr/bin/env node
// The development launcher: runs the TypeScript command line from source through tsx, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./bin.ts');
