/** `npm run audit:verify|audit:export|audit:purge` — see bff/src/audit/cli.ts. */
import { runAuditCommand } from '../src/audit/cli'

const code = await runAuditCommand(process.argv.slice(2), {
  env: process.env,
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
})
process.exitCode = code
