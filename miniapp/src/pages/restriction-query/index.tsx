import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { AddressCandidates, RestrictionQueryResult } from '@bdc/shared/delegations'
import { restrictionQueryApi } from '../../api/restriction-query'
import { ApiError, userMessage } from '../../api/errors'
import { PageShell } from '../../components/PageShell'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formatArea, formatDateTime } from '../../utils/format'
import './index.scss'

type Mode = 'unit' | 'certificate' | 'address'
const MODES: { key: Mode; label: string; placeholder: string }[] = [
  { key: 'address', label: '按坐落', placeholder: '如：临园路东段66号 或 涪江名苑3栋' },
  { key: 'certificate', label: '按证书号', placeholder: '如：川(2021)绵阳市不动产权第0023451号' },
  { key: 'unit', label: '按单元号', placeholder: '28位不动产单元号' },
]

function Flag({ label, on, testId }: { label: string; on: boolean; testId: string }) {
  return (
    <View className="rq-flag" data-testid={testId}>
      <Text className="rq-flag__label">{label}</Text>
      <Text className={`rq-flag__value ${on ? 'rq-flag__value--yes' : ''}`}>{on ? '有' : '无'}</Text>
    </View>
  )
}

/**
 * 限制查询 (利害关系人式): one unit at a time, by 坐落 / 证书号 / 单元号, never by person. Shows the
 * natural status and whether restrictions exist; nothing about the owner.
 */
export default function RestrictionQueryPage() {
  const [mode, setMode] = useState<Mode>('address')
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [candidates, setCandidates] = useState<AddressCandidates | null>(null)
  const [result, setResult] = useState<RestrictionQueryResult | null>(null)

  const fail = (err: unknown) => {
    if (redirectIfUnauthenticated(err)) return
    setProblem(err instanceof ApiError && err.details?.length ? err.details.map((d) => d.message).join('；') : userMessage(err))
  }

  const query = async (by: { unitCode: string } | { certificateNo: string }) => {
    setBusy(true)
    setProblem(null)
    try {
      setResult(await restrictionQueryApi.query(by))
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }

  const submit = async () => {
    const q = text.trim()
    setResult(null)
    setCandidates(null)
    if (!q) return setProblem('请输入查询内容')
    if (mode === 'unit') return query({ unitCode: q.replace(/[\s-]/g, '').toUpperCase() })
    if (mode === 'certificate') return query({ certificateNo: q })
    setBusy(true)
    setProblem(null)
    try {
      const c = await restrictionQueryApi.searchAddress(q)
      setCandidates(c)
      if (!c.items.length) setProblem('没有找到匹配的坐落，请换一种写法，例如只输入路名和门牌号')
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }

  const current = MODES.find((m) => m.key === mode)!
  return (
    <PageShell className="rq">
      <View className="card">
        <Text className="rq-intro">查询一处不动产的自然状况，以及是否存在抵押、查封、预告、异议等限制。不显示权利人信息，不能按人查询。</Text>
        <View className="rq-modes">
          {MODES.map((m) => (
            <View
              key={m.key}
              className={`rq-mode ${mode === m.key ? 'rq-mode--on' : ''}`}
              data-testid={`mode-${m.key}`}
              onClick={() => {
                setMode(m.key)
                setProblem(null)
                setCandidates(null)
                setResult(null)
              }}
            >
              {m.label}
            </View>
          ))}
        </View>
        <Input className="rq-input" value={text} placeholder={current.placeholder} maxlength={80} onInput={(e) => setText(e.detail.value)} data-testid="rq-input" />
        {problem ? (
          <Text className="rq-problem" data-testid="rq-problem">
            {problem}
          </Text>
        ) : null}
        <Button type="primary" block className="rq-submit" loading={busy} onClick={() => void submit()} data-testid="rq-submit">
          查询
        </Button>
      </View>

      {candidates && candidates.items.length ? (
        <>
          <Text className="section-title">请选择一处（最多显示10处{candidates.truncated ? '，请输入更完整的地址缩小范围' : ''}）</Text>
          <View className="card">
            {candidates.items.map((c) => (
              <View key={c.unitCode} className="rq-candidate" data-testid="rq-candidate" onClick={() => void query({ unitCode: c.unitCode })}>
                <Text className="rq-candidate__location">{c.location}</Text>
                <Text className="rq-candidate__unit">{c.unitCodeDisplay}</Text>
              </View>
            ))}
          </View>
        </>
      ) : null}

      {result ? (
        <View className="card rq-result" data-testid="rq-result">
          <Text className="rq-result__location">{result.location}</Text>
          <Text className="rq-result__unit">{result.unitCodeDisplay}</Text>
          <Text className="rq-result__natural">
            {result.natural.use.label} · {formatArea(result.natural.area)} · {result.natural.structure.label} · {result.natural.floor}
          </Text>
          <View className="rq-flags">
            <Flag label="共有" on={result.coOwned} testId="flag-co-owned" />
            <Flag label="抵押" on={result.mortgage} testId="flag-mortgage" />
            <Flag label="查封" on={result.sealed} testId="flag-sealed" />
            <Flag label="预告" on={result.advanceNotice} testId="flag-advance" />
            <Flag label="异议" on={result.objection} testId="flag-objection" />
            <Flag label="其他限制" on={result.otherRestriction} testId="flag-other" />
          </View>
          <Text className="rq-result__time">查询时间 {formatDateTime(result.queriedAt)} · 以登记簿记载为准</Text>
        </View>
      ) : null}
      <Text className="rq-note">为防止滥用，每人每分钟最多查询10次、每天100次，每次查询均有记录。</Text>
    </PageShell>
  )
}
