import { defineConfig } from 'vitest/config'
// Every package's own vitest config is one project; `npm test` runs them all (see scripts/test.mjs).
export default defineConfig({ test: { projects: ['*/vitest.config.{ts,mts}'] } })
