/**
 * The forms of online applications: which fields and materials each 事项 has (applications-dict),
 * what a citizen may change, and what is still missing before submission.
 */
import { applicationTypeOf, type ApplicationTypeCode, type FieldDef, type MaterialDef } from '@bdc/shared/applications-dict'

export type Form = Record<string, string>

const PHONE = /^1[3-9]\d{9}$/

export function typeDefOf(code: string) {
  const t = applicationTypeOf(code)
  if (!t) throw new Error(`unknown application type ${code}`)
  return t as { code: ApplicationTypeCode; label: string; department: string; fields: readonly FieldDef[]; materials: readonly MaterialDef[] }
}

/** Checks the values given (PATCH); registry fields and unknown keys are refused with a detail. */
export function validateFields(fields: readonly FieldDef[], given: Form): { path: string; message: string }[] {
  const details: { path: string; message: string }[] = []
  for (const [key, raw] of Object.entries(given)) {
    const f = fields.find((x) => x.key === key)
    const path = `form.${key}`
    if (!f) {
      details.push({ path, message: '该事项没有这一项' })
      continue
    }
    if (f.fromRegistry) continue // ignored: the registry's value stands
    const v = raw.trim()
    if (v === '') continue
    if (v.length > f.maxLength) details.push({ path, message: `${f.label}不能超过 ${f.maxLength} 字` })
    else if (f.kind === 'phone' && !PHONE.test(v)) details.push({ path, message: `${f.label}应为 11 位手机号` })
    else if (f.kind === 'select' && !f.options?.includes(v)) details.push({ path, message: `请从列表中选择${f.label}` })
  }
  return details
}

export function missingItems(def: ReturnType<typeof typeDefOf>, form: Form, kinds: string[]): { path: string; message: string }[] {
  const missing: { path: string; message: string }[] = []
  for (const f of def.fields) {
    if (f.required && !(form[f.key] ?? '').trim()) missing.push({ path: `form.${f.key}`, message: `请填写${f.label}` })
  }
  for (const m of def.materials) {
    if (m.required && !kinds.includes(m.code)) missing.push({ path: `materials.${m.code}`, message: `请上传${m.label}` })
  }
  return missing
}
