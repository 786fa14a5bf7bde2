import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Browser tests against the whole stack started as separate processes (see support/stack.ts).
// One file at a time in one fork: each file starts its own stack and Chromium, and two at once
// would only fight over the two cores.
export default defineConfig({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['tests/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    maxConcurrency: 1,
    bail: 0,
  },
})
