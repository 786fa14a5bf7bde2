/** Process entry: config → bootstrap → HTTP server; clean shutdown on SIGINT/SIGTERM. */
import { serve } from '@hono/node-server'
import { bootstrap } from './bootstrap'
import { ConfigError, loadConfig } from './config'

async function main() {
  let config
  try {
    config = loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(1)
    }
    throw e
  }
  const started = performance.now()
  const bff = await bootstrap(config)
  const server = serve({ fetch: bff.app.fetch, port: config.port, hostname: config.host }, () => {
    bff.deps.logger.info('listening', {
      url: config.publicBaseUrl,
      database: bff.deps.dbKind,
      upstream: config.upstream.baseUrl ?? 'embedded simulator',
      bootMs: Math.round(performance.now() - started),
    })
  })
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    bff.deps.logger.info('stopping', { signal })
    server.close()
    await bff.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((e) => {
  console.error('BFF failed to start:', e instanceof Error ? e.message : e)
  process.exit(1)
})
