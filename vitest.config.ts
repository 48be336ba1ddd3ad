import { defineConfig } from 'vitest/config';

// Dates in rules are calendar dates in China: pin the zone so tests agree with production.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env: { TZ: 'Asia/Shanghai' },
  },
});
