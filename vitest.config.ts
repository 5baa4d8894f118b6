// Test runner configuration: tests sit next to the code they test, in sim/, src/ and examples/.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['sim/**/*.test.ts', 'src/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['node_modules/**', 'reports/**', 'dist/**'],
    testTimeout: 60_000,
    // One test file per core: vitest's default (cores - 1) runs a single file at a time on CI's two cores.
    maxWorkers: availableParallelism(),
  },
});
