// A sweep worker thread: loads the TypeScript worker body through tsx, like the mirrorsim executable.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker-body.ts');
