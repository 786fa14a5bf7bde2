import type { ReactNode } from 'react'
import { Cell, CellGroup } from '@nutui/nutui-react-taro'

export interface InfoRow {
  label: string
  value: ReactNode
}

/** A titled block of label/value rows, the way a certificate face reads. */
export function InfoGroup({ title, rows }: { title: string; rows: InfoRow[] }) {
  return (
    <CellGroup title={title} className="info-group">
      {rows.map((r) => (
        <Cell key={r.label} title={r.label} extra={r.value} className="info-group__row" />
      ))}
    </CellGroup>
  )
}
