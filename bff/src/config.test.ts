import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

describe('loadConfig', () => {
  it('has a working default for every setting (embedded mode)', () => {
    const c = loadConfig({})
    expect(c.port).toBe(8787)
    expect(c.databaseUrl).toBeUndefined()
    expect(c.upstream.baseUrl).toBeUndefined()
    expect(c.upstream.isSimulator).toBe(true)
    expect(c.upstream.publicUrl).toBe('http://localhost:8787/province')
    expect(c.upstream.timeoutMs).toBe(3000)
    expect(c.session).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 })
    expect(c.dataDir.endsWith('.data')).toBe(true)
    expect(c.cookieSecure).toBe(false)
  })

  it('PORT and DATA_DIR override; an upstream URL switches off the embedded simulator', () => {
    const c = loadConfig({ PORT: '9000', DATA_DIR: '/tmp/x', UPSTREAM_BASE_URL: 'http://127.0.0.1:8788/', PUBLIC_BASE_URL: 'https://bdc.example.cn' })
    expect(c.port).toBe(9000)
    expect(c.dataDir).toBe('/tmp/x')
    expect(c.upstream.baseUrl).toBe('http://127.0.0.1:8788')
    expect(c.upstream.isSimulator).toBe(false)
    expect(c.cookieSecure).toBe(true)
  })

  it('face step-up: on by default in production, off for the local demo, the variable wins', () => {
    expect(loadConfig({}).requireFaceStepUp).toBe(false)
    expect(loadConfig({ NODE_ENV: 'development' }).requireFaceStepUp).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production' }).requireFaceStepUp).toBe(true)
    expect(loadConfig({ NODE_ENV: 'production', REQUIRE_FACE_STEP_UP: 'false' }).requireFaceStepUp).toBe(false)
    expect(loadConfig({ REQUIRE_FACE_STEP_UP: 'true' }).requireFaceStepUp).toBe(true)
  })

  it('refuses bad values with a message naming each variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'not a url', UPSTREAM_TIMEOUT_MS: '10000' })
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/)
      expect((e as Error).message).toMatch(/DATABASE_URL/)
      expect((e as Error).message).toMatch(/UPSTREAM_TIMEOUT_MS/)
    }
  })
})
