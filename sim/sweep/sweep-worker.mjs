// A sweep worker thread from source: loads the TypeScript worker body through tsx (the build runs the compiled body).
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker-body.ts');
