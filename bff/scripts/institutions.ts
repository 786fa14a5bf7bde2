/**
 * Registers an institution of the signed channel (features/institutions) and prints its client id
 * and secret (shown once; stored sealed):
 *
 *   npm run institutions -w @bdc/bff -- register --code <统一社会信用代码> --name <机构名称> [--per-minute 120] [--per-day 20000] [--client-id id]
 *   npm run institutions -w @bdc/bff -- disable --code <统一社会信用代码>
 *   npm run institutions -w @bdc/bff -- list
 *
 * The database is the BFF's (DATABASE_URL, or the PGlite folder DATA_DIR/bff — stop the BFF first:
 * PGlite has one process). Registering an existing code again issues new credentials.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { APP_MIGRATIONS } from '../src/bootstrap'
import { grantAppRole } from '../src/audit/index'
import { loadConfig } from '../src/config'
import { openDatabase } from '../src/db/connect'
import { schema } from '../src/db/schema'
import { AppError } from '../src/lib/errors'
import { createFieldCipher } from '../src/security/crypto'
import { loadOrCreateKeys } from '../src/security/keys'
import { registerInstitution } from '../src/features/institutions/institutions.index'
import { institutions } from '../src/features/institutions/institutions.schema'

const [command, ...rest] = process.argv.slice(2)
const { values } = parseArgs({
  args: rest,
  options: { code: { type: 'string' }, name: { type: 'string' }, 'per-minute': { type: 'string' }, 'per-day': { type: 'string' }, 'client-id': { type: 'string' } },
})
const config = loadConfig(process.env)
const database = await openDatabase({
  schema,
  url: config.databaseUrl,
  ownerUrl: config.databaseOwnerUrl,
  grants: grantAppRole,
  dataDir: path.join(config.dataDir, 'bff'),
  migrationsFolder: APP_MIGRATIONS,
  migrationsTable: '__app_migrations',
  maxConnections: 2,
})
try {
  if (command === 'register') {
    if (!values.code || !values.name) throw new Error('register needs --code and --name')
    const r = await registerInstitution(database.db, createFieldCipher(loadOrCreateKeys(config.dataDir)), {
      code: values.code,
      name: values.name,
      perMinute: Number(values['per-minute'] ?? 120),
      perDay: Number(values['per-day'] ?? 20_000),
      clientId: values['client-id'],
    })
    process.stdout.write(`已登记。客户端编号（X-Bdc-Client）：${r.clientId}\n客户端密钥（只显示这一次，请安全交付机构）：${r.secret}\n`)
  } else if (command === 'disable') {
    if (!values.code) throw new Error('disable needs --code')
    const rows = await database.db.update(institutions).set({ disabledAt: new Date() }).where(eq(institutions.code, values.code.toUpperCase())).returning({ id: institutions.id })
    process.stdout.write(rows.length ? '已停用。\n' : '未找到该机构。\n')
    if (!rows.length) process.exitCode = 1
  } else if (command === 'list') {
    for (const i of await database.db.select().from(institutions).orderBy(institutions.name)) {
      process.stdout.write(`${i.code}\t${i.clientId}\t${i.perMinute}/分钟 ${i.perDay}/日\t${i.disabledAt ? '已停用' : '在用'}\t${i.name}\n`)
    }
  } else {
    process.stderr.write('usage: institutions register --code USCC --name NAME [--per-minute N] [--per-day N] [--client-id ID] | disable --code USCC | list\n')
    process.exitCode = 2
  }
} catch (e) {
  process.stderr.write(`${e instanceof AppError ? (e.details?.map((d) => d.message).join('；') ?? e.code) : (e as Error).message}\n`)
  process.exitCode = 1
} finally {
  await database.close()
}
