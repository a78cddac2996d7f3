import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/http/**/*.test.ts'], environment: 'node', hookTimeout: 30_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.int.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.e2e.test.ts', 'test/cli/**/*.e2e.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
    ],
  },
});
