import { useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PROOF_PURPOSE_CODES, PROOF_PURPOSE_LABELS, type ProofPurpose } from '@bdc/shared/proofs-dict'
import type { ProofSummary } from '@bdc/shared/proofs'
import { newRequestId } from '../api/proofs'
import { userMessage } from '../api/errors'
import './ProofRequest.scss'

/**
 * 申请查询结果证明: pick the purpose, tap once. The request id is made once per request and kept
 * until it succeeds, so a doubled tap or a retry after a dropped answer gets the same proof.
 */
export function ProofRequest({ onSubmit, who }: { onSubmit: (purpose: ProofPurpose, requestId: string) => Promise<ProofSummary>; who?: string }) {
  const [purpose, setPurpose] = useState<ProofPurpose | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<ProofSummary | null>(null)
  const requestId = useRef<string | null>(null)

  const submit = async () => {
    if (!purpose) return setProblem('请选择证明用途')
    if (busy) return
    setProblem(null)
    setBusy(true)
    requestId.current ??= newRequestId()
    try {
      const p = await onSubmit(purpose, requestId.current)
      requestId.current = null
      setDone(p)
    } catch (err) {
      setProblem(userMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="card proof-req" data-testid="proof-request">
      <Text className="proof-req__title">申请不动产登记资料查询结果证明{who ? `（${who}）` : ''}</Text>
      <Text className="proof-req__hint">由不动产登记机构出具，载明名下登记的不动产或“名下无不动产”，自出具起 30 日内有效；同一用途再次开具后，旧证明失效。</Text>
      <Text className="proof-req__label">证明用途</Text>
      <View className="proof-req__chips">
        {PROOF_PURPOSE_CODES.map((p) => (
          <View key={p} className={`proof-chip ${purpose === p ? 'proof-chip--on' : ''}`} onClick={() => setPurpose(p)} data-testid={`purpose-${p}`}>
            <Text>{PROOF_PURPOSE_LABELS[p]}</Text>
          </View>
        ))}
      </View>
      {problem ? (
        <Text className="proof-req__problem" data-testid="proof-problem">
          {problem}
        </Text>
      ) : null}
      {done ? (
        <Text className="proof-req__done" data-testid="proof-done">
          已出具，证明编号 {done.proofNo}（载明 {done.unitCount} 处不动产）
        </Text>
      ) : null}
      <Button type="primary" block loading={busy} disabled={busy} onClick={() => void submit()} data-testid="proof-submit">
        申请开具
      </Button>
    </View>
  )
}
