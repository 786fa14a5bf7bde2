import { useCallback, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ProofList, ProofPurpose } from '@bdc/shared/proofs'
import { proofsApi } from '../../api/proofs'
import { userMessage } from '../../api/errors'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { ProofRequest } from '../../components/ProofRequest'
import { useLoader } from '../../hooks/useLoader'
import { runSensitive } from '../../face/sensitive'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formatDateTime } from '../../utils/format'
import { downloadProof } from './download'
import './index.scss'

/**
 * 我的证明: 不动产登记资料查询结果证明 (有无房证明) — apply (purpose, face check), list (own, and
 * those a delegate issued in one's name), download again while valid or after.
 */
export default function ProofsPage() {
  const fetchList = useCallback((): Promise<ProofList> => proofsApi.list(), [])
  const { state, load } = useLoader(fetchList, { auto: true })
  const [downloading, setDownloading] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const request = async (purpose: ProofPurpose, requestId: string) => {
    try {
      const p = await runSensitive(() => proofsApi.request(purpose, requestId))
      void load({ quiet: true })
      return p
    } catch (err) {
      redirectIfUnauthenticated(err)
      throw err
    }
  }

  const download = async (proofNo: string) => {
    setProblem(null)
    setDownloading(proofNo)
    try {
      await runSensitive(() => downloadProof(proofNo))
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setProblem(userMessage(err))
    } finally {
      setDownloading(null)
    }
  }

  return (
    <PageShell className="proofs">
      <ProofRequest onSubmit={request} />
      <Text className="section-title">已开具的证明</Text>
      {problem ? (
        <Text className="proofs__problem" data-testid="download-problem">
          {problem}
        </Text>
      ) : null}
      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={state.retryable ? () => void load() : undefined} />
      ) : state.kind !== 'ready' ? (
        <ListSkeleton count={2} />
      ) : state.data.items.length === 0 ? (
        <EmptyState message="还没有开具过查询结果证明" hint="选择用途后点「申请开具」，证明会出现在这里，可随时重新下载。" />
      ) : (
        state.data.items.map((p) => (
          <View key={p.proofNo} className={`card proof-card ${p.state === 'valid' ? '' : 'proof-card--off'}`} data-testid="proof-card">
            <View className="proof-card__head">
              <Text className="proof-card__title">查询结果证明 · {p.purpose.label}</Text>
              <Text className={`proof-tag proof-tag--${p.state}`}>{p.stateLabel}</Text>
            </View>
            <Text className="proof-card__no">编号 {p.proofNo}</Text>
            <Text className="proof-card__line">
              {p.forSelf ? p.subject : `权利人 ${p.subject}（${p.requestedBy === '本人' ? '经授权由您代为开具' : `由 ${p.requestedBy} 经您授权开具`}）`} · {p.unitCount ? `载明 ${p.unitCount} 处不动产` : '名下无不动产'}
            </Text>
            <Text className="proof-card__line">
              出具 {formatDateTime(p.issuedAt)} · 有效至 {formatDateTime(p.validUntil)}（北京时间）
            </Text>
            <Button size="small" fill="outline" loading={downloading === p.proofNo} onClick={() => void download(p.proofNo)} data-testid="proof-download">
              下载 PDF
            </Button>
          </View>
        ))
      )}
    </PageShell>
  )
}
