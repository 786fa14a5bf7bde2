import { beijingIso } from '@bdc/shared/ids/normalize'

/** Display helpers. Pure functions: tested in Node, identical on both targets. */

/** "2025-11-27 21:07", Beijing time whatever the phone's zone, from ISO 8601; the raw string if it does not parse. */
export function formatDateTime(iso: string): string {
  if (Number.isNaN(Date.parse(iso))) return iso
  const b = beijingIso(iso)
  return `${b.slice(0, 10)} ${b.slice(11, 16)}`
}

/** Square metres with two decimals, as certificates print them: "89.56㎡". */
export function formatArea(value: number | null | undefined): string {
  return value == null ? '—' : `${value.toFixed(2)}㎡`
}

/** 被担保主债权数额 is in 万元. */
export function formatAmount(wan: number | null | undefined): string {
  return wan == null ? '—' : `${wan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}万元`
}

/** "2020-01-01 至 2090-12-31"; open ends shown honestly. */
export function formatPeriod(from: string | null, to: string | null): string {
  if (!from && !to) return '—'
  return `${from ?? '—'} 至 ${to ?? '长期'}`
}

export function orDash(v: string | number | null | undefined): string {
  return v == null || v === '' ? '—' : String(v)
}
