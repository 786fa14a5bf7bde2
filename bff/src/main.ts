/** Process entry: config → bootstrap → HTTP server; clean shutdown on SIGINT/SIGTERM. */
import { createServer, type RequestListener, type ServerOptions } from 'node:http'
import { serve } from '@hono/node-server'
import { bootstrap } from './bootstrap'
import { ConfigError, loadConfig } from './config'
import { withVerifyRoute } from './features/certificates/certificates.verify-route'
import { securityHeaders } from './lib/security-headers'
import { createPurge } from './purge/purge'

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
  // Expired rows (login states, sessions, challenges, verification log, rate-limit buckets, idempotency keys): purge/purge.ts
  const purge = createPurge(bff.deps, config.purgeIntervalMs)
  purge.start()
  // Public certificate verification goes from the socket straight to its handler (certificates.verify-route.ts).
  const verifyFirst = ((options: ServerOptions, listener: RequestListener) => createServer(options, withVerifyRoute(bff.deps, securityHeaders(config), listener))) as typeof createServer
  const server = serve({ fetch: bff.app.fetch, port: config.port, hostname: config.host, createServer: verifyFirst }, () => {
    bff.deps.logger.info('listening', {
      url: config.publicBaseUrl,
      database: bff.deps.dbKind,
      upstream: config.upstream.baseUrl ?? 'embedded simulator',
      // X-Forwarded-For is believed only from these (lib/client-address.ts); none: the socket address is the client
      trustedProxies: config.trustedProxies.join(',') || 'none',
      bootMs: Math.round(performance.now() - started),
    })
  })
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    bff.deps.logger.info('stopping', { signal })
    server.close()
    await purge.stop()
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
