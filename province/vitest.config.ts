import { defineConfig } from 'vitest/config'
export default defineConfig({
  test: { name: 'province', include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 120_000, pool: 'forks' },
})
