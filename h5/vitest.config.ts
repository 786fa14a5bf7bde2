import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { name: 'h5', include: ['src/**/*.test.ts'] } })
