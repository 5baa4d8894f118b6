// Build step (last): records the digest of the sources dist/ was compiled from (see source-digest.ts).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIGEST_FILE, sourceDigest } from './source-digest.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
writeFileSync(join(root, DIGEST_FILE), `${sourceDigest(root)}\n`);
