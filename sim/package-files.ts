// Where the package's own files are: the project root from source (tsx, vitest), its parent from the build in dist/.

/** True when this module runs as TypeScript from `sim/` (tsx, vitest), false when compiled into `dist/sim/`. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The directory holding package.json and scenarios/, as a file URL ending in a slash. */
export const PACKAGE_ROOT_URL = new URL(FROM_SOURCE ? '../' : '../../', import.meta.url);
