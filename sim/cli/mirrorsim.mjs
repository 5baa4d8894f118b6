#!/usr/bin/env node
// The `mirrorsim` executable: loads the TypeScript command line through tsx, with no build step.
import { register } from 'tsx/esm/api';

register();
const { runMain } = await import('./main.ts');
await runMain();
