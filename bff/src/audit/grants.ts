/**
 * PostgreSQL roles. Migrations run as the owner role (DATABASE_OWNER_URL); the app's role (the
 * user of DATABASE_URL) gets ordinary rights on the app's tables but only INSERT and SELECT on the
 * audit tables. Run by the owner after every migration, so tables added later are covered.
 */
import type postgres from 'postgres'

export const AUDIT_TABLES = ['audit_log'] as const

export async function grantAppRole(owner: postgres.Sql, appRole: string): Promise<void> {
  const [{ me }] = (await owner`select current_user as me`) as unknown as [{ me: string }]
  if (me === appRole) return // one role for both: nothing to separate
  const role = owner(appRole)
  await owner`grant usage on schema public to ${role}`
  await owner`grant select, insert, update, delete on all tables in schema public to ${role}`
  await owner`grant usage, select on all sequences in schema public to ${role}`
  for (const t of AUDIT_TABLES) await owner`revoke update, delete, truncate, references, trigger on ${owner(t)} from ${role}`
}
