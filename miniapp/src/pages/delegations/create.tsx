import { useCallback, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Input, Image } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CreatedGrant, GrantScope } from '@bdc/shared/delegations'
import { validateIdNumber } from '@bdc/shared/ids/idNumber'
import { delegationsApi } from '../../api/delegations'
import { propertiesApi } from '../../api/properties'
import { ApiError, userMessage } from '../../api/errors'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formatDateTime } from '../../utils/format'
import { PAGES } from '../../utils/nav'
import { GRANT_SCOPE_LABELS, USES_CHOICES, VALIDITY_CHOICES } from './labels'
import { runSensitive } from '../../face/sensitive'
import './create.scss'

const SCOPES: GrantScope[] = ['status', 'rights', 'certificate', 'proof']
const SCOPE_HINTS: Record<GrantScope, string> = {
  status: '坐落、面积、用途，以及抵押、查封等限制',
  rights: '另含证书号、权利类型、共有情况和共有人（脱敏）',
  certificate: '另含电子证照（电子证照功能上线后可见）',
  proof: '不显示任何不动产信息；被授权人可以您的名义开具查询结果证明（每份计一次，无需选择不动产）',
}

function Chip({ on, label, onTap, testId }: { on: boolean; label: string; onTap: () => void; testId?: string }) {
  return (
    <View className={`dlg-chip ${on ? 'dlg-chip--on' : ''}`} onClick={onTap} data-testid={testId}>
      {label}
    </View>
  )
}

/** The share result: link, QR and mini-program path, shown once (the server keeps only a hash). */
function Created({ created }: { created: CreatedGrant }) {
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(created.qrSvg)}`
  return (
    <PageShell className="dlg">
      <View className="card dlg-done">
        <Text className="dlg-done__title">授权已生成</Text>
        <Text className="dlg-done__text">
          授权给 {created.grant.delegateName}，有效期至 {formatDateTime(created.grant.expiresAt)}。请把链接或二维码发给被授权人，对方须本人登录后查看。
        </Text>
        <Image className="dlg-done__qr" src={qr} mode="aspectFit" data-testid="grant-qr" />
        <Text className="dlg-label">分享链接</Text>
        <Text className="dlg-done__link" selectable data-testid="grant-link">
          {created.link}
        </Text>
        <Text className="dlg-label">小程序路径</Text>
        <Text className="dlg-done__path" selectable>
          {created.miniProgramPath}
        </Text>
        <Text className="dlg-done__warn">链接只在此显示一次，离开本页后无法再次查看；如需重新分享，请撤销后新建授权。</Text>
        <Button type="primary" block className="dlg-submit" onClick={() => void Taro.setClipboardData({ data: created.link })}>
          复制链接
        </Button>
        <Button block className="dlg-submit" data-testid="done" onClick={() => void Taro.redirectTo({ url: PAGES.delegations })}>
          完成，查看我的授权
        </Button>
      </View>
    </PageShell>
  )
}

/** 新建授权: pick properties, the delegate (name + ID number), scope, validity and uses. */
export default function CreateGrantPage() {
  const preselected = useRouter().params.unitCode ?? ''
  const fetchProps = useCallback(() => propertiesApi.list(), [])
  const { state, load } = useLoader(fetchProps, { auto: true })
  const [picked, setPicked] = useState<string[]>(preselected ? [preselected] : [])
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [scope, setScope] = useState<GrantScope>('status')
  const [hours, setHours] = useState<number>(24)
  const [maxUses, setMaxUses] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<CreatedGrant | null>(null)

  if (created) return <Created created={created} />

  const toggle = (code: string) => setPicked((p) => (p.includes(code) ? p.filter((x) => x !== code) : [...p, code]))

  const submit = async () => {
    if (!picked.length && scope !== 'proof') return setProblem('请至少选择一处不动产')
    if (name.trim().length < 2) return setProblem('请输入被授权人姓名')
    const id = validateIdNumber(idNumber)
    if (!id.ok) return setProblem(id.error)
    setProblem(null)
    setBusy(true)
    try {
      const body = { unitCodes: scope === 'proof' ? [] : picked, delegateName: name.trim(), delegateIdNumber: id.value.idNumber, scope, validHours: hours, maxUses }
      setCreated(await runSensitive(() => delegationsApi.create(body)))
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setProblem(err instanceof ApiError && err.details?.length ? err.details.map((d) => d.message).join('；') : userMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className="dlg">
      <Text className="section-title">1. 选择授权查询的不动产</Text>
      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={() => void load()} />
      ) : state.kind !== 'ready' ? (
        <ListSkeleton count={1} />
      ) : state.data.items.length === 0 ? (
        <EmptyState message="您名下暂无不动产，无法授权" />
      ) : (
        <View className="card">
          {state.data.items.map((p) => (
            <View key={p.unitCode} className={`dlg-pick ${picked.includes(p.unitCode) ? 'dlg-pick--on' : ''}`} onClick={() => toggle(p.unitCode)} data-testid="pick-unit">
              <Text className="dlg-pick__box">{picked.includes(p.unitCode) ? '✓' : ''}</Text>
              <Text className="dlg-pick__text">{p.location}</Text>
            </View>
          ))}
        </View>
      )}

      <Text className="section-title">2. 被授权人（须与其本人实名信息一致）</Text>
      <View className="card">
        <Text className="dlg-label">姓名</Text>
        <Input className="dlg-input" value={name} maxlength={30} placeholder="请输入姓名" onInput={(e) => setName(e.detail.value)} data-testid="delegate-name" />
        <Text className="dlg-label">身份证号</Text>
        <Input className="dlg-input" value={idNumber} maxlength={18} type="idcard" placeholder="请输入18位身份证号" onInput={(e) => setIdNumber(e.detail.value)} data-testid="delegate-id" />
      </View>

      <Text className="section-title">3. 可以查看的内容</Text>
      <View className="card">
        {SCOPES.map((s) => (
          <View key={s} className={`dlg-pick ${scope === s ? 'dlg-pick--on' : ''}`} onClick={() => setScope(s)} data-testid={`scope-${s}`}>
            <Text className="dlg-pick__box dlg-pick__box--round">{scope === s ? '●' : ''}</Text>
            <View className="dlg-pick__text">
              <Text className="dlg-pick__title">{GRANT_SCOPE_LABELS[s]}</Text>
              <Text className="dlg-pick__hint">{SCOPE_HINTS[s]}</Text>
            </View>
          </View>
        ))}
      </View>

      <Text className="section-title">4. 有效期和可查看次数</Text>
      <View className="card">
        <View className="dlg-chips">
          {VALIDITY_CHOICES.map((v) => (
            <Chip key={v.hours} on={hours === v.hours} label={v.label} onTap={() => setHours(v.hours)} testId={`hours-${v.hours}`} />
          ))}
        </View>
        <View className="dlg-chips">
          {USES_CHOICES.map((u) => (
            <Chip key={String(u.value)} on={maxUses === u.value} label={u.label} onTap={() => setMaxUses(u.value)} testId={`uses-${u.value ?? 'any'}`} />
          ))}
        </View>
      </View>

      {problem ? (
        <Text className="dlg-problem" data-testid="form-problem">
          {problem}
        </Text>
      ) : null}
      <View className="dlg-actions">
        <Button type="primary" block className="dlg-submit" loading={busy} onClick={() => void submit()} data-testid="create-grant">
          生成授权
        </Button>
      </View>
    </PageShell>
  )
}
