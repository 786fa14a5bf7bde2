import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { APPLICATION_TYPES, applicationTypeLabel, type ApplicationTypeCode } from '@bdc/shared/applications-dict'
import type { PropertyList, PropertySummary } from '@bdc/shared/api'
import { propertiesApi } from '../../api/properties'
import { applicationsApi } from '../../api/applications'
import { userMessage } from '../../api/errors'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { RestrictionTags } from '../../components/RestrictionTags'
import { useLoader } from '../../hooks/useLoader'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { Steps } from './parts/Steps'
import { APPLICATION_PAGES } from './paths'
import './new.scss'

/** Why a unit cannot take this application, or null. The BFF decides; this only spares a wasted tap. */
function ineligible(type: ApplicationTypeCode, p: PropertySummary): string | null {
  if (type === 'mortgage_release' && !p.restrictions.some((r) => r.code === 'mortgage')) return '该不动产没有抵押，无需注销'
  return null
}

/**
 * 新建申请, steps 1–2: the 事项, then one of MY properties. Creating the draft prefills the form
 * from the registry; the same type and unit again reopens the existing draft (the BFF's rule).
 */
export default function NewApplicationPage() {
  const { params } = useRouter()
  const preset = APPLICATION_TYPES.some((t) => t.code === params.type) ? (params.type as ApplicationTypeCode) : null
  const [type, setType] = useState<ApplicationTypeCode | null>(preset)
  const [props, setProps] = useState<PropertyList | null>(null)
  const [creating, setCreating] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const fetchProps = useCallback(async () => setProps(await propertiesApi.list()), [])
  const { state, load } = useLoader(fetchProps)

  useEffect(() => {
    if (type && !props) void load()
  }, [type, props, load])

  const toList = () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: APPLICATION_PAGES.list }))
  const back = () => {
    setProblem(null)
    if (type) setType(null)
    else toList()
  }

  const start = async (unitCode: string) => {
    if (!type || creating) return
    setCreating(unitCode)
    setProblem(null)
    try {
      const draft = await applicationsApi.create(type, unitCode)
      void Taro.redirectTo({ url: `${APPLICATION_PAGES.edit}?id=${encodeURIComponent(draft.id)}` })
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setProblem(userMessage(err))
    } finally {
      setCreating(null)
    }
  }

  return (
    <PageShell className="apl apl-new">
      <Steps current={type ? 'unit' : 'type'} />
      {!type ? (
        <View>
          <Text className="section-title">请选择要申请的事项</Text>
          {APPLICATION_TYPES.map((t) => (
            <View key={t.code} className="apl-choice" data-testid={`type-${t.code}`} onClick={() => setType(t.code)}>
              <Text className="apl-choice__title">{t.label}</Text>
              <Text className="apl-choice__hint">{t.hint}</Text>
              <Text className="apl-choice__hint">需上传：{t.materials.map((m) => m.label).join('、')}</Text>
            </View>
          ))}
        </View>
      ) : (
        <View>
          <Text className="section-title">办理「{applicationTypeLabel(type)}」的不动产（本人名下）</Text>
          {problem ? (
            <Text className="apl-error" data-testid="create-error">
              {problem}
            </Text>
          ) : null}
          {state.kind === 'error' ? (
            <ErrorState message={state.message} onRetry={() => void load()} />
          ) : !props ? (
            <ListSkeleton count={2} />
          ) : props.items.length === 0 ? (
            <EmptyState message="您名下暂无不动产登记信息" hint="网上申请只能办理本人名下的不动产。" />
          ) : (
            props.items.map((p) => {
              const why = ineligible(type, p)
              return (
                <View
                  key={p.unitCode}
                  className={`apl-choice ${why ? 'is-disabled' : ''}`}
                  data-testid="pick-unit"
                  onClick={() => {
                    if (why) setProblem(why)
                    else void start(p.unitCode)
                  }}
                >
                  <View className="apl-choice__row">
                    <Text className="apl-choice__title">{p.location}</Text>
                    {creating === p.unitCode ? <Text className="apl-choice__badge">正在准备…</Text> : null}
                  </View>
                  <Text className="apl-choice__hint">
                    {p.certificateNo} · {p.use.label}
                  </Text>
                  <RestrictionTags restrictions={p.restrictions} />
                  {why ? <Text className="apl-choice__why">{why}</Text> : null}
                </View>
              )
            })
          )}
        </View>
      )}
      <View className="apl-footer">
        <Button block fill="outline" className="apl-btn" onClick={back} data-testid="back-step">
          {type ? '上一步' : '返回我的办件'}
        </Button>
      </View>
    </PageShell>
  )
}
