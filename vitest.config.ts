// Test runner configuration: tests sit next to the code they test, in sim/, src/ and examples/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['sim/**/*.test.ts', 'src/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['node_modules/**', 'reports/**', 'dist/**'],
    testTimeout: 60_000,
  },
});
