import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CONSENT_PURPOSES, CONSENT_PURPOSE_LABELS, type ConsentPurpose } from '@bdc/shared/institution-labels'
import { certificatesApi } from '../../api/certificates'
import { institutionsApi } from '../../api/institutions'
import { ApiError, userMessage } from '../../api/errors'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formatDateTime } from '../../utils/format'
import { PAGES } from '../../utils/nav'
import { runSensitive } from '../../face/sensitive'
import './institution-grant.scss'

const DAYS = [
  { days: 7, label: '7天' },
  { days: 30, label: '30天' },
  { days: 90, label: '90天' },
] as const

function Pick({ on, title, hint, onTap, testId, round }: { on: boolean; title: string; hint?: string; onTap: () => void; testId?: string; round?: boolean }) {
  return (
    <View className={`dlg-pick ${on ? 'dlg-pick--on' : ''}`} onClick={onTap} data-testid={testId}>
      <Text className={`dlg-pick__box ${round ? 'dlg-pick__box--round' : ''}`}>{on ? (round ? '●' : '✓') : ''}</Text>
      <View className="dlg-pick__text">
        <Text className="dlg-pick__title">{title}</Text>
        {hint ? <Text className="dlg-pick__hint">{hint}</Text> : null}
      </View>
    </View>
  )
}

/** 新建机构授权: one institution, one purpose, one certificate, a period (with the face check, like a delegation). */
export default function InstitutionGrantPage() {
  const fetchBoth = useCallback(() => Promise.all([institutionsApi.institutions(), certificatesApi.list()]), [])
  const { state, load } = useLoader(fetchBoth, { auto: true })
  const [institutionId, setInstitutionId] = useState<string | null>(null)
  const [licenseId, setLicenseId] = useState<string | null>(null)
  const [purpose, setPurpose] = useState<ConsentPurpose>('mortgage_loan')
  const [days, setDays] = useState<number>(30)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    if (!institutionId) return setProblem('请选择机构')
    if (!licenseId) return setProblem('请选择证书')
    setProblem(null)
    setBusy(true)
    try {
      const c = await runSensitive(() => institutionsApi.grant({ institutionId, licenseId, purpose, validDays: days }))
      await Taro.showModal({ title: '授权已生效', content: `${c.institution.name}可在 ${formatDateTime(c.expiresAt)} 前为「${c.purposeLabel}」核验此证书。`, showCancel: false })
      void Taro.redirectTo({ url: PAGES.institutionConsents })
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setProblem(err instanceof ApiError && err.details?.length ? err.details.map((d) => d.message).join('；') : userMessage(err))
    } finally {
      setBusy(false)
    }
  }

  if (state.kind === 'error') return <PageShell className="dlg"><ErrorState message={state.message} onRetry={() => void load()} /></PageShell>
  if (state.kind !== 'ready') return <PageShell className="dlg"><ListSkeleton count={3} /></PageShell>
  const [institutions, certificates] = state.data
  const eligible = certificates.items.filter((c) => c.kind === 'right_certificate' && c.status === 'current')

  return (
    <PageShell className="dlg">
      <Text className="section-title">1. 选择机构</Text>
      <View className="card">
        {institutions.items.map((i) => (
          <Pick key={i.id} round on={institutionId === i.id} title={i.name} hint={`统一社会信用代码 ${i.code}`} onTap={() => setInstitutionId(i.id)} testId="pick-institution" />
        ))}
      </View>

      <Text className="section-title">2. 选择证书</Text>
      {eligible.length === 0 ? (
        <EmptyState message="您名下暂无现势的不动产权证书" />
      ) : (
        <View className="card">
          {eligible.map((c) => (
            <Pick key={c.licenseId} round on={licenseId === c.licenseId} title={c.location} hint={c.certificateNo} onTap={() => setLicenseId(c.licenseId)} testId="pick-certificate" />
          ))}
        </View>
      )}

      <Text className="section-title">3. 用途</Text>
      <View className="card">
        {CONSENT_PURPOSES.map((p) => (
          <Pick key={p} round on={purpose === p} title={CONSENT_PURPOSE_LABELS[p]} onTap={() => setPurpose(p)} testId={`purpose-${p}`} />
        ))}
      </View>

      <Text className="section-title">4. 有效期</Text>
      <View className="card">
        <View className="dlg-chips">
          {DAYS.map((d) => (
            <View key={d.days} className={`dlg-chip ${days === d.days ? 'dlg-chip--on' : ''}`} onClick={() => setDays(d.days)} data-testid={`days-${d.days}`}>
              {d.label}
            </View>
          ))}
        </View>
        <Text className="dlg-pick__hint">机构可核对您是否为权利人，并看到抵押、查封、异议、预告情况；看不到您的身份证号和其他房产。</Text>
      </View>

      {problem ? (
        <Text className="dlg-problem" data-testid="form-problem">
          {problem}
        </Text>
      ) : null}
      <View className="dlg-actions">
        <Button type="primary" block className="dlg-submit" loading={busy} onClick={() => void submit()} data-testid="create-consent">
          人脸核验后授权
        </Button>
      </View>
    </PageShell>
  )
}
