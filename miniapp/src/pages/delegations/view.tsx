import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { DelegatedView } from '@bdc/shared/delegations'
import { delegationsApi } from '../../api/delegations'
import { ApiError, isAuthError, isRetryable, userMessage } from '../../api/errors'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { RestrictionTags } from '../../components/RestrictionTags'
import { ProofRequest } from '../../components/ProofRequest'
import { proofsApi } from '../../api/proofs'
import { formatArea, formatDateTime, orDash } from '../../utils/format'
import { goLogin, PAGES } from '../../utils/nav'
import { GRANT_SCOPE_LABELS } from './labels'
import { runSensitive } from '../../face/sensitive'
import { delegationToken, delegationTokenUsed, forgetDelegationToken, keepDelegationToken } from '../../store/delegation-token'
import './view.scss'

/** Refusals that need the token again (after the face check): every other answer ends its use. */
const KEEP_TOKEN_ON = new Set(['FACE_CHECK_REQUIRED'])

const REFUSALS: Record<string, { title: string; text: string }> = {
  DELEGATION_EXPIRED: { title: '授权已过期', text: '该授权的有效期已过，请联系权利人重新授权。' },
  DELEGATION_REVOKED: { title: '授权已撤销', text: '权利人已撤销该授权，无法继续查看。' },
  DELEGATION_USED_UP: { title: '查看次数已用完', text: '该授权可查看的次数已经用完，请联系权利人重新授权。' },
  DELEGATION_UNKNOWN: { title: '授权链接无效', text: '链接不完整或不存在，请向权利人确认链接是否复制完整。' },
  DELEGATION_WRONG_PERSON: { title: '您不是被授权人', text: '该授权只授予权利人指定的人，您无法查看。本次尝试已记录，权利人可在「我的查询记录」中看到。' },
  FACE_CHECK_REQUIRED: { title: '需要人脸识别', text: '请先完成人脸识别验证后再查看。' },
  DELEGATION_VIEWED: { title: '本次查看已结束', text: '为保护权利人的信息，授权链接用过一次后不再保存在本页面。如需再次查看，请重新打开权利人发给您的链接。' },
}

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; view: DelegatedView }
  | { kind: 'refused'; code: string }
  | { kind: 'error'; message: string; retryable: boolean }

/** 被授权人查看: exactly what the owner granted, server-filtered and masked. */
export default function DelegatedViewPage() {
  const given = useRouter().params.t
  const [state, setState] = useState<State>({ kind: 'loading' })
  /** A 'proof' grant's token, held in memory only (never stored) for the 申请 that follows. */
  const proofToken = useRef<string | null>(null)

  const load = useCallback(async () => {
    // The token left the address bar at once (below) and waits in this tab's storage across the
    // login round trip and the face check; it is forgotten once the grant has answered.
    const token = delegationToken()
    if (!token) return setState({ kind: 'refused', code: delegationTokenUsed() ? 'DELEGATION_VIEWED' : 'DELEGATION_UNKNOWN' })
    setState({ kind: 'loading' })
    try {
      const view = await runSensitive(() => delegationsApi.open(token))
      proofToken.current = view.scope === 'proof' ? token : null
      forgetDelegationToken()
      setState({ kind: 'ready', view })
    } catch (err) {
      if (isAuthError(err)) return goLogin(PAGES.delegationView)
      if (err instanceof ApiError && REFUSALS[err.code]) {
        if (!KEEP_TOKEN_ON.has(err.code)) forgetDelegationToken()
        return setState({ kind: 'refused', code: err.code })
      }
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
        forgetDelegationToken()
        return setState({ kind: 'refused', code: 'DELEGATION_UNKNOWN' })
      }
      setState({ kind: 'error', message: userMessage(err), retryable: isRetryable(err) })
    }
  }, [])

  useEffect(() => {
    if (given) {
      keepDelegationToken(given)
      // Same page without the token in the address bar (history, screenshots, shoulder-surfing).
      void Taro.redirectTo({ url: PAGES.delegationView })
      return
    }
    void load()
  }, [given, load])

  if (state.kind === 'loading') {
    return (
      <PageShell>
        <ListSkeleton count={2} />
      </PageShell>
    )
  }
  if (state.kind === 'refused' || state.kind === 'error') {
    const r = state.kind === 'refused' ? (REFUSALS[state.code] ?? REFUSALS.DELEGATION_UNKNOWN!) : { title: '暂时无法查看', text: state.message }
    return (
      <PageShell className="dlg">
        <View className="state-block dlg-refused" data-testid="delegation-refused">
          <View className="state-block__icon state-block__icon--error">!</View>
          <Text className="dlg-refused__title">{r.title}</Text>
          <Text className="state-block__text">{r.text}</Text>
          {state.kind === 'error' && state.retryable ? (
            <Button type="primary" className="state-block__action" onClick={() => void load()}>
              重试
            </Button>
          ) : null}
          {state.kind === 'refused' && state.code === 'FACE_CHECK_REQUIRED' ? (
            <Button type="primary" className="state-block__action" onClick={() => void load()} data-testid="face-retry">
              开始人脸识别
            </Button>
          ) : null}
          <Button className="state-block__action" onClick={() => void Taro.reLaunch({ url: PAGES.home })}>
            返回首页
          </Button>
        </View>
      </PageShell>
    )
  }

  const v = state.view
  return (
    <PageShell className="dlg">
      <View className="dlg-banner" data-testid="delegation-banner">
        <Text>{v.banner}</Text>
      </View>
      <View className="card">
        <Text className="dlg-item__line">授权人：{v.grantedBy}</Text>
        <Text className="dlg-item__line">可查看：{GRANT_SCOPE_LABELS[v.scope]}</Text>
        {v.usesLeft !== null ? <Text className="dlg-item__line">剩余可查看 {v.usesLeft} 次</Text> : null}
      </View>
      {v.scope === 'proof' && proofToken.current ? (
        <ProofRequest
          who={`权利人 ${v.grantedBy}`}
          onSubmit={async (purpose, requestId) => {
            const p = await runSensitive(() => proofsApi.requestAsDelegate(proofToken.current!, purpose, requestId))
            void Taro.showToast({ title: '已开具，可在「我的证明」中下载', icon: 'none' })
            return p
          }}
        />
      ) : null}
      {v.scope === 'proof' ? (
        <Button block fill="outline" className="dlg-proofs-link" onClick={() => void Taro.navigateTo({ url: PAGES.proofs })} data-testid="go-proofs">
          查看我的证明
        </Button>
      ) : v.units.length === 0 ? (
        <View className="card">
          <Text className="dlg-item__line">授权的不动产已不在权利人名下，暂无可查看的内容。</Text>
        </View>
      ) : null}
      {v.units.map((u) => (
        <View key={u.unitCode} className="card dlg-unit" data-testid="delegated-unit">
          <Text className="dlg-unit__location">{u.location}</Text>
          <RestrictionTags restrictions={u.restrictions.map((r) => r.type)} showNone />
          <Text className="dlg-kv">不动产单元号</Text>
          <Text className="dlg-unitcode">{u.unitCodeDisplay}</Text>
          <Text className="dlg-kv">
            用途 {u.use.label} · 建筑面积 {formatArea(u.area)} · {u.natural.structure.label}
          </Text>
          <Text className="dlg-kv">
            {u.natural.floor} · 竣工 {orDash(u.natural.completedYear)}
          </Text>
          {u.restrictions.map((r, i) => (
            <Text key={i} className="dlg-kv">
              {r.type.label}：{r.registeredAt} 登记{r.periodTo ? `，期限至 ${r.periodTo}` : ''}
            </Text>
          ))}
          {'right' in u ? (
            <View className="dlg-rights" data-testid="delegated-rights">
              <Text className="dlg-kv">证书号 {u.right.certificateNo}</Text>
              <Text className="dlg-kv">
                {u.right.rightType.label} · {u.right.nature.label} · {u.right.coOwnership.label}
              </Text>
              <Text className="dlg-kv">权利人 {u.holders.map((h) => (h.share ? `${h.name}（${h.share}）` : h.name)).join('、')}</Text>
            </View>
          ) : null}
          {'certificate' in u ? (
            u.certificate.available ? (
              <View className="dlg-rights" data-testid="delegated-certificate">
                <Text className="dlg-kv">
                  电子证照 · {u.certificate.kindLabel} · {u.certificate.statusLabel}
                </Text>
                {u.certificate.face.map((row) => (
                  <Text key={row.label} className="dlg-kv">
                    {row.label}：{row.value || '—'}
                  </Text>
                ))}
              </View>
            ) : (
              <Text className="dlg-kv dlg-muted">电子证照：{u.certificate.note}</Text>
            )
          ) : null}
        </View>
      ))}
      <Text className="dlg-time">查询时间 {formatDateTime(v.fetchedAt)} · 以登记簿记载为准</Text>
    </PageShell>
  )
}
