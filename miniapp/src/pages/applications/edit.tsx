import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import Taro, { useRouter, useUnload } from '@tarojs/taro'
import { View, Text, Input, Textarea } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  applicationTypeOf,
  COMMITMENT_TEXT,
  DECLARATION_TEXT,
  STATEMENTS_VERSION,
  UPLOAD_MAX_BYTES,
  type FieldDef,
  type MaterialDef,
} from '@bdc/shared/applications-dict'
import { messageFor } from '@bdc/shared/errors'
import type { ApplicationDetail, ApplicationMaterial } from '@bdc/shared/applications'
import { applicationsApi, uploadMaterial } from '../../api/applications'
import { ApiError, userMessage } from '../../api/errors'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { FaceCheckNotPassed, runSensitive } from '../../face/sensitive'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formProblems, formatBytes, resumeStep, savablePatch, serverFieldProblems, stepStorageKey, uploadFileName, type DraftStep } from './logic'
import { Steps } from './parts/Steps'
import { Thumb } from './parts/Thumb'
import { APPLICATION_PAGES } from './paths'
import './edit.scss'

const SAVE_DEBOUNCE_MS = 800

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string }
interface Upload {
  key: string
  kind: string
  local: string
  progress: number
}

/**
 * A draft, steps 3–5: the form (registry fields read-only, the rest editable and saved as typed),
 * the photos of each required material, then the 申请书/承诺书 and submit (face check first when
 * the BFF asks for it). The step is remembered on the device, so reopening continues there.
 */
export default function EditApplicationPage() {
  const id = useRouter().params.id ?? ''
  const [detail, setDetail] = useState<ApplicationDetail | null>(null)
  const [step, setStepState] = useState<DraftStep>('form')
  const [form, setForm] = useState<Record<string, string>>({})
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [save, setSave] = useState<SaveState>({ kind: 'idle' })
  const [stepError, setStepError] = useState<string | null>(null)
  const [uploads, setUploads] = useState<Upload[]>([])
  const [materialErrors, setMaterialErrors] = useState<Record<string, string>>({})
  const [declaration, setDeclaration] = useState(false)
  const [commitment, setCommitment] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [submitError, setSubmitError] = useState<{ message: string; items: string[] } | null>(null)
  const saved = useRef<Record<string, string>>({})
  const formRef = useRef(form)
  formRef.current = form
  const chain = useRef<Promise<boolean>>(Promise.resolve(true))

  const typeCode = detail?.type
  const type = useMemo(() => (typeCode ? applicationTypeOf(typeCode) : undefined), [typeCode])
  const fields: readonly FieldDef[] = useMemo(() => type?.fields ?? [], [type])
  const materials: readonly MaterialDef[] = type?.materials ?? []

  const toList = useCallback(() => void Taro.redirectTo({ url: APPLICATION_PAGES.list }), [])
  const toDetail = useCallback((done = false) => void Taro.redirectTo({ url: `${APPLICATION_PAGES.detail}?id=${encodeURIComponent(id)}${done ? '&done=1' : ''}` }), [id])

  const fetchOne = useCallback(async () => {
    const d = await applicationsApi.get(id)
    if (d.status !== 'draft') return toDetail()
    setDetail(d)
    saved.current = { ...d.form }
    setForm({ ...d.form })
    setStepState(resumeStep(d.missing, Taro.getStorageSync(stepStorageKey(id))))
  }, [id, toDetail])
  const { state: load, load: fetchDraft } = useLoader(fetchOne)

  useEffect(() => {
    void fetchDraft()
  }, [fetchDraft])

  /** Saves what is savable now; resolves false when the save failed. Saves run one at a time. */
  const flush = useCallback((): Promise<boolean> => {
    const run = async (): Promise<boolean> => {
      const patch = savablePatch(fields, saved.current, formRef.current)
      if (!Object.keys(patch).length) return true
      setSave({ kind: 'saving' })
      try {
        const d = await applicationsApi.save(id, patch)
        saved.current = { ...saved.current, ...patch }
        // Photos change only on this page, which keeps them current; the rest is the server's.
        setDetail((old) => (old ? { ...d, materials: old.materials } : d))
        setProblems((p) => {
          const next = { ...p }
          for (const k of Object.keys(patch)) delete next[k]
          return next
        })
        setSave({ kind: 'saved' })
        return true
      } catch (err) {
        if (redirectIfUnauthenticated(err)) return false
        if (err instanceof ApiError && err.code === 'APPLICATION_NOT_DRAFT') {
          toDetail()
          return false
        }
        const byField = serverFieldProblems(err)
        if (Object.keys(byField).length) setProblems((p) => ({ ...p, ...byField }))
        setSave({ kind: 'error', message: Object.values(byField)[0] ?? userMessage(err) })
        return false
      }
    }
    chain.current = chain.current.then(run, run)
    return chain.current
  }, [fields, id, toDetail])

  // Debounced save while typing.
  useEffect(() => {
    if (!detail) return
    if (!Object.keys(savablePatch(fields, saved.current, form)).length) return
    const t = setTimeout(() => void flush(), SAVE_DEBOUNCE_MS)
    return () => clearTimeout(t)
  }, [form, detail, fields, flush])
  useUnload(() => void flush())

  const setField = (key: string, value: string) => {
    setForm((f) => ({ ...f, [key]: value }))
    if (problems[key]) setProblems((p) => ({ ...p, [key]: '' }))
    setStepError(null)
  }

  const go = async (next: DraftStep) => {
    setStepError(null)
    setSubmitError(null)
    await flush()
    Taro.setStorageSync(stepStorageKey(id), next)
    setStepState(next)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }

  const nextFromForm = async () => {
    const found = formProblems(fields, form)
    setProblems(found)
    if (Object.keys(found).length) return setStepError('请先完善标红的项目')
    if (!(await flush())) return setStepError('草稿未能保存，请点击「重试」后再继续')
    await go('materials')
  }

  const photosOf = (code: string): ApplicationMaterial[] => detail?.materials.filter((m) => m.kind === code) ?? []

  const nextFromMaterials = async () => {
    const lacking = materials.filter((m) => m.required && photosOf(m.code).length === 0)
    if (uploads.length) return setStepError('照片还在上传，请稍候')
    if (lacking.length) return setStepError(`请上传：${lacking.map((m) => m.label).join('、')}`)
    await go('confirm')
  }

  const back = async () => {
    setStepError(null)
    if (step === 'form') {
      await flush()
      void Taro.redirectTo({ url: `${APPLICATION_PAGES.create}?type=${detail?.type ?? ''}` })
    } else await go(step === 'confirm' ? 'materials' : 'form')
  }

  // ── materials ──
  const pick = async (m: MaterialDef) => {
    const room = m.maxFiles - photosOf(m.code).length - uploads.filter((u) => u.kind === m.code).length
    if (room <= 0) return setMaterialErrors((e) => ({ ...e, [m.code]: messageFor('MATERIAL_TOO_MANY') }))
    let chosen: Taro.chooseImage.SuccessCallbackResult
    try {
      chosen = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    } catch {
      return // the user closed the picker
    }
    // H5 drops files the browser cannot show as an image; say so instead of doing nothing.
    setMaterialErrors((e) => ({ ...e, [m.code]: chosen.tempFiles.length ? '' : '未能读取所选文件，请选择 JPEG、PNG 或 WebP 格式的照片' }))
    for (const [i, f] of chosen.tempFiles.entries()) {
      if (i >= room) break
      if (f.size > UPLOAD_MAX_BYTES) {
        setMaterialErrors((e) => ({ ...e, [m.code]: messageFor('UPLOAD_TOO_LARGE') }))
        continue
      }
      const key = `${Date.now()}-${i}`
      setUploads((u) => [...u, { key, kind: m.code, local: f.path, progress: 0 }])
      try {
        const file = (f as { originalFileObj?: File }).originalFileObj
        const picked = { path: f.path, name: uploadFileName(file?.name ?? f.path, f.type ?? file?.type), ...(file ? { file } : {}) }
        const photo = await uploadMaterial(id, m.code, picked, (p) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress: p } : x))))
        setDetail((d) => (d ? { ...d, materials: [...d.materials, photo], missing: d.missing.filter((x) => x.path !== `materials.${m.code}`) } : d))
      } catch (err) {
        if (redirectIfUnauthenticated(err)) return
        setMaterialErrors((e) => ({ ...e, [m.code]: userMessage(err) }))
      } finally {
        setUploads((u) => u.filter((x) => x.key !== key))
      }
    }
  }

  const remove = async (photo: ApplicationMaterial) => {
    const { confirm } = await Taro.showModal({ title: '删除照片', content: '确定删除这张照片吗？', confirmText: '删除', cancelText: '取消', confirmColor: '#A61B1B', cancelColor: '#1A1F2B' })
    if (!confirm) return
    try {
      await applicationsApi.removeMaterial(id, photo.id)
      setDetail((d) => (d ? { ...d, materials: d.materials.filter((x) => x.id !== photo.id) } : d))
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setMaterialErrors((e) => ({ ...e, [photo.kind]: userMessage(err) }))
    }
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

  // ── submit ──
  const submit = async () => {
    if (!declaration || !commitment) return setSubmitError({ message: !declaration ? '请阅读并确认申请书' : '请阅读并确认承诺书', items: [] })
    setSubmitting(true)
    setSubmitError(null)
    try {
      if (!(await flush())) throw new Error('save')
      await runSensitive(() => applicationsApi.submit(id, { statementsVersion: STATEMENTS_VERSION, declarationConfirmed: true, commitmentConfirmed: true }))
      Taro.removeStorageSync(stepStorageKey(id))
      toDetail(true)
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      if (err instanceof ApiError && err.code === 'APPLICATION_NOT_DRAFT') return toDetail()
      if (err instanceof FaceCheckNotPassed) {
        setSubmitError({ message: '未完成人脸识别验证，申请尚未提交。草稿已保存，可稍后再提交。', items: [] })
      } else if (err instanceof ApiError && err.code === 'APPLICATION_INCOMPLETE') {
        setSubmitError({ message: err.message, items: (err.details ?? []).map((d) => d.message) })
        void applicationsApi.get(id).then(setDetail, () => undefined)
      } else if (err instanceof ApiError && err.details?.length) {
        setSubmitError({ message: err.details.map((d) => d.message).join('；'), items: [] })
      } else if (err instanceof Error && err.message === 'save') {
        setSubmitError({ message: '草稿未能保存，请检查网络后重试', items: [] })
      } else {
        setSubmitError({ message: userMessage(err), items: [] })
      }
    } finally {
      setSubmitting(false)
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
      <View className="apl-savebar" data-testid="save-state">
        <Text className="apl-savebar__what">{type.label}</Text>
        {save.kind === 'saving' ? (
          <Text className="apl-savebar__state">保存中…</Text>
        ) : save.kind === 'saved' ? (
          <Text className="apl-savebar__state apl-savebar__state--ok">已保存</Text>
        ) : save.kind === 'error' ? (
          <View className="apl-savebar__row">
            <Text className="apl-savebar__state apl-savebar__state--bad">保存失败</Text>
            <Button size="small" type="primary" onClick={() => void flush()} data-testid="retry-save">
              重试
            </Button>
          </View>
        ) : (
          <Text className="apl-savebar__state">草稿自动保存</Text>
        )}
      </View>
      {save.kind === 'error' ? <Text className="apl-error">{save.message}</Text> : null}

      {step === 'form' ? (
        <View>
          <Text className="section-title">登记簿信息（自动带出，不可修改）</Text>
          <View className="card">
            {fields
              .filter((f) => f.fromRegistry)
              .map((f) => (
                <View key={f.key} className="apl-kv" data-testid={`registry-${f.key}`}>
                  <Text className="apl-kv__k">{f.label}</Text>
                  <Text className="apl-kv__v">{form[f.key] || '—'}</Text>
                </View>
              ))}
            <View className="apl-kv">
              <Text className="apl-kv__k">申请人</Text>
              <Text className="apl-kv__v">
                {detail.applicant.name} {detail.applicant.idNumber}
              </Text>
            </View>
          </View>
          <Text className="section-title">请填写</Text>
          <View className="card">
            {fields
              .filter((f) => !f.fromRegistry)
              .map((f) => (
                <FieldInput key={f.key} def={f} value={form[f.key] ?? ''} problem={problems[f.key] || null} onChange={(v) => setField(f.key, v)} onBlur={() => void flush()} />
              ))}
          </View>
        </View>
      ) : null}

      {step === 'materials' ? (
        <View>
          <Text className="section-title">请拍照或从相册上传以下材料（JPEG、PNG、WebP，每张不超过 10 MB）</Text>
          {materials.map((m) => {
            const photos = photosOf(m.code)
            const busy = uploads.filter((u) => u.kind === m.code)
            const full = photos.length + busy.length >= m.maxFiles
            return (
              <View key={m.code} className="card apl-material" data-testid={`material-${m.code}`}>
                <View className="apl-material__head">
                  <Text className="apl-material__title">
                    {m.label}
                    {m.required ? <Text className="apl-required"> *</Text> : null}
                  </Text>
                  <Text className="apl-material__count">
                    {photos.length}/{m.maxFiles} 张
                  </Text>
                </View>
                <Text className="apl-material__hint">{m.hint}</Text>
                <View className="apl-thumbs">
                  {photos.map((p) => (
                    <View key={p.id} className="apl-thumb" data-testid="thumb">
                      <Thumb url={applicationsApi.previewUrl(id, p)} />
                      <Text className="apl-thumb__size">{formatBytes(p.bytes)}</Text>
                      <View className="apl-thumb__del" onClick={() => void remove(p)} data-testid="delete-photo" aria-label="删除照片">
                        删除
                      </View>
                    </View>
                  ))}
                  {busy.map((u) => (
                    <View key={u.key} className="apl-thumb apl-thumb--busy" data-testid="uploading">
                      <Thumb url={null} local={u.local} />
                      <View className="apl-thumb__progress">
                        <View className="apl-thumb__bar" style={{ width: `${u.progress}%` }} />
                      </View>
                      <Text className="apl-thumb__size">上传中 {u.progress}%</Text>
                    </View>
                  ))}
                  {!full ? (
                    <View className="apl-thumb apl-thumb--add" onClick={() => void pick(m)} data-testid={`add-photo-${m.code}`}>
                      <Text className="apl-thumb__plus">+</Text>
                      <Text className="apl-thumb__size">添加照片</Text>
                    </View>
                  ) : null}
                </View>
                {materialErrors[m.code] ? (
                  <Text className="apl-field-error" data-testid="material-error">
                    {materialErrors[m.code]}
                  </Text>
                ) : null}
              </View>
            )
          })}
        </View>
      ) : null}

      {step === 'confirm' ? (
        <View>
          <Text className="section-title">请核对申请信息</Text>
          <View className="card">
            <View className="apl-kv">
              <Text className="apl-kv__k">申请事项</Text>
              <Text className="apl-kv__v">{type.label}</Text>
            </View>
            {fields.map((f) => (
              <View key={f.key} className="apl-kv">
                <Text className="apl-kv__k">{f.label}</Text>
                <Text className="apl-kv__v">{form[f.key] || '—'}</Text>
              </View>
            ))}
            <View className="apl-kv">
              <Text className="apl-kv__k">材料</Text>
              <Text className="apl-kv__v">{materials.map((m) => `${m.label} ${photosOf(m.code).length} 张`).join('\n')}</Text>
            </View>
          </View>
          <Statement title="不动产登记申请书" text={DECLARATION_TEXT} on={declaration} onToggle={() => setDeclaration((v) => !v)} testId="confirm-declaration" />
          <Statement title="承诺书" text={COMMITMENT_TEXT} on={commitment} onToggle={() => setCommitment((v) => !v)} testId="confirm-commitment" />
          <Text className="apl-note">提交前需进行人脸识别验证本人身份；提交后不能再修改。</Text>
          {submitError ? (
            <View className="apl-error" data-testid="submit-error">
              <Text className="apl-error__text">{submitError.message}</Text>
              {submitError.items.map((t) => (
                <Text key={t} className="apl-error__item">
                  · {t}
                </Text>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}

      {stepError ? (
        <Text className="apl-error" data-testid="step-error">
          {stepError}
        </Text>
      ) : null}

      <View className="apl-footer">
        {step === 'confirm' ? (
          <Button type="primary" block className="apl-primary" loading={submitting} disabled={submitting} onClick={() => void submit()} data-testid="submit-application">
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
          <Button fill="none" className="apl-link" onClick={() => void flush().then(toList)} data-testid="to-list">
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

function FieldInput({ def, value, problem, onChange, onBlur }: { def: FieldDef; value: string; problem: string | null; onChange: (v: string) => void; onBlur: () => void }) {
  return (
    <View className={`apl-field ${problem ? 'has-problem' : ''}`} data-testid={`field-${def.key}`}>
      <Text className="apl-field__label">
        {def.label}
        {def.required ? <Text className="apl-required"> *</Text> : null}
      </Text>
      {def.kind === 'select' ? (
        <View className="apl-chips">
          {(def.options ?? []).map((o) => (
            <View key={o} className={`apl-chip ${value === o ? 'apl-chip--on' : ''}`} onClick={() => onChange(o)} data-testid="option">
              {o}
            </View>
          ))}
        </View>
      ) : def.kind === 'textarea' ? (
        <Textarea
          className="apl-input apl-input--area"
          value={value}
          maxlength={def.maxLength}
          placeholder={def.placeholder ?? `请填写${def.label}`}
          onInput={(e) => onChange(e.detail.value)}
          onBlur={onBlur}
        />
      ) : (
        <Input
          className="apl-input"
          value={value}
          type={def.kind === 'phone' ? 'number' : 'text'}
          maxlength={def.maxLength}
          placeholder={def.placeholder ?? `请填写${def.label}`}
          onInput={(e) => onChange(e.detail.value)}
          onBlur={onBlur}
        />
      )}
      {problem ? (
        <Text className="apl-field-error" data-testid="field-error">
          {problem}
        </Text>
      ) : null}
    </View>
  )
}

function Statement({ title, text, on, onToggle, testId }: { title: string; text: string; on: boolean; onToggle: () => void; testId: string }) {
  return (
    <View className="card apl-statement">
      <Text className="apl-statement__title">{title}</Text>
      <Text className="apl-statement__text">{text}</Text>
      <View className={`apl-check ${on ? 'apl-check--on' : ''}`} onClick={onToggle} data-testid={testId}>
        <Text className="apl-check__box">{on ? '✓' : ''}</Text>
        <Text className="apl-check__text">我已阅读并确认{title}</Text>
      </View>
    </View>
  )
}
