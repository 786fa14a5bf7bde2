import { useCallback, useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { applicationTypeOf, type FieldDef, type MaterialDef } from '@bdc/shared/applications-dict'
import type { ApplicationDetail, ApplicationMaterial } from '@bdc/shared/applications'
import { applicationsApi } from '../../api/applications'
import { userMessage } from '../../api/errors'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formProblems, resumeStep, stepStorageKey, type DraftStep } from './logic'
import { SaveBar } from './parts/SaveBar'
import { Steps } from './parts/Steps'
import { APPLICATION_PAGES } from './paths'
import { ConfirmStep } from './steps/ConfirmStep'
import { FormStep } from './steps/FormStep'
import { MaterialsStep } from './steps/MaterialsStep'
import { useDraftAutosave } from './useDraftAutosave'
import { useDraftSubmit } from './useDraftSubmit'
import { useMaterialUploads } from './useMaterialUploads'
import './edit.scss'

/**
 * A draft, steps 3–5: the form (registry fields read-only, the rest editable and saved as typed),
 * the photos of each required material, then the 申请书/承诺书 and submit (face check first when
 * the BFF asks for it). The step is remembered on the device, so reopening continues there.
 */
export default function EditApplicationPage() {
  const id = useRouter().params.id ?? ''
  const [detail, setDetail] = useState<ApplicationDetail | null>(null)
  const [step, setStepState] = useState<DraftStep>('form')
  const [stepError, setStepError] = useState<string | null>(null)

  const typeCode = detail?.type
  const type = useMemo(() => (typeCode ? applicationTypeOf(typeCode) : undefined), [typeCode])
  const fields: readonly FieldDef[] = useMemo(() => type?.fields ?? [], [type])
  const materials: readonly MaterialDef[] = type?.materials ?? []
  const photosOf = (code: string): ApplicationMaterial[] => detail?.materials.filter((m) => m.kind === code) ?? []

  const toList = useCallback(() => void Taro.redirectTo({ url: APPLICATION_PAGES.list }), [])
  const toDetail = useCallback((done = false) => void Taro.redirectTo({ url: `${APPLICATION_PAGES.detail}?id=${encodeURIComponent(id)}${done ? '&done=1' : ''}` }), [id])

  const draft = useDraftAutosave(id, fields, {
    ready: detail !== null,
    // Photos change only on this page, which keeps them current; the rest is the server's.
    onSaved: (d) => setDetail((old) => (old ? { ...d, materials: old.materials } : d)),
    onNotDraft: toDetail,
  })
  const { reset } = draft
  const uploads = useMaterialUploads(id, photosOf, setDetail)
  const submission = useDraftSubmit(id, { flush: draft.flush, toDetail, onRefetched: setDetail })

  const fetchOne = useCallback(async () => {
    const d = await applicationsApi.get(id)
    if (d.status !== 'draft') return toDetail()
    setDetail(d)
    reset(d.form)
    setStepState(resumeStep(d.missing, Taro.getStorageSync(stepStorageKey(id))))
  }, [id, toDetail, reset])
  const { state: load, load: fetchDraft } = useLoader(fetchOne, { auto: true })

  const setField = (key: string, value: string) => {
    draft.setField(key, value)
    setStepError(null)
  }

  const go = async (next: DraftStep) => {
    setStepError(null)
    submission.clearError()
    await draft.flush()
    Taro.setStorageSync(stepStorageKey(id), next)
    setStepState(next)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }

  const nextFromForm = async () => {
    const found = formProblems(fields, draft.form)
    draft.setProblems(found)
    if (Object.keys(found).length) return setStepError('请先完善标红的项目')
    if (!(await draft.flush())) return setStepError('草稿未能保存，请点击「重试」后再继续')
    await go('materials')
  }

  const nextFromMaterials = async () => {
    const lacking = materials.filter((m) => m.required && photosOf(m.code).length === 0)
    if (uploads.uploads.length) return setStepError('照片还在上传，请稍候')
    if (lacking.length) return setStepError(`请上传：${lacking.map((m) => m.label).join('、')}`)
    await go('confirm')
  }

  const back = async () => {
    setStepError(null)
    if (step === 'form') {
      await draft.flush()
      void Taro.redirectTo({ url: `${APPLICATION_PAGES.create}?type=${detail?.type ?? ''}` })
    } else await go(step === 'confirm' ? 'materials' : 'form')
  }

  const discard = async () => {
    const { confirm } = await Taro.showModal({ title: '删除草稿', content: '删除后已填写的内容和照片都将清除，确定删除吗？', confirmText: '删除', cancelText: '取消', confirmColor: '#A61B1B', cancelColor: '#1A1F2B' })
    if (!confirm) return
    try {
      await applicationsApi.remove(id)
      Taro.removeStorageSync(stepStorageKey(id))
      toList()
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setStepError(userMessage(err))
    }
  }

  if (load.kind === 'error') {
    return (
      <PageShell className="apl">
        <ErrorState message={load.message} onRetry={() => void fetchDraft()} secondary={{ label: '返回我的办件', onClick: toList }} />
      </PageShell>
    )
  }
  if (!detail || !type) {
    return (
      <PageShell className="apl">
        <Steps current="form" />
        <ListSkeleton />
      </PageShell>
    )
  }

  return (
    <PageShell className="apl apl-edit">
      <Steps current={step} />
      <SaveBar label={type.label} save={draft.save} onRetry={() => void draft.flush()} />

      {step === 'form' ? (
        <FormStep fields={fields} form={draft.form} problems={draft.problems} applicant={detail.applicant} onChange={setField} onBlur={() => void draft.flush()} />
      ) : step === 'materials' ? (
        <MaterialsStep id={id} materials={materials} photosOf={photosOf} uploads={uploads.uploads} errors={uploads.errors} onPick={uploads.pick} onRemove={uploads.remove} />
      ) : (
        <ConfirmStep
          typeLabel={type.label}
          fields={fields}
          form={draft.form}
          materials={materials}
          photosOf={photosOf}
          declaration={submission.declaration}
          commitment={submission.commitment}
          onToggleDeclaration={submission.toggleDeclaration}
          onToggleCommitment={submission.toggleCommitment}
          error={submission.error}
        />
      )}

      {stepError ? (
        <Text className="apl-error" data-testid="step-error">
          {stepError}
        </Text>
      ) : null}

      <View className="apl-footer">
        {step === 'confirm' ? (
          <Button type="primary" block className="apl-primary" loading={submission.submitting} disabled={submission.submitting} onClick={() => void submission.submit()} data-testid="submit-application">
            确认并提交申请
          </Button>
        ) : (
          <Button type="primary" block className="apl-primary" onClick={() => void (step === 'form' ? nextFromForm() : nextFromMaterials())} data-testid="next-step">
            下一步
          </Button>
        )}
        <Button block fill="outline" className="apl-btn" onClick={() => void back()} data-testid="back-step">
          上一步
        </Button>
        <View className="apl-footer__row">
          <Button fill="none" className="apl-link" onClick={() => void draft.flush().then(toList)} data-testid="to-list">
            保存并返回我的办件
          </Button>
          <Button fill="none" className="apl-link apl-link--danger" onClick={() => void discard()} data-testid="discard">
            删除草稿
          </Button>
        </View>
      </View>
    </PageShell>
  )
}
