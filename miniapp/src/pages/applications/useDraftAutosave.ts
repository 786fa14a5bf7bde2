import { useCallback, useEffect, useRef, useState } from 'react'
import { useUnload } from '@tarojs/taro'
import type { FieldDef } from '@bdc/shared/applications-dict'
import type { ApplicationDetail } from '@bdc/shared/applications'
import { applicationsApi } from '../../api/applications'
import { ApiError, userMessage } from '../../api/errors'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { savablePatch, serverFieldProblems } from './logic'

export const SAVE_DEBOUNCE_MS = 800

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string }

interface Options {
  /** The draft has loaded; nothing is saved before. */
  ready: boolean
  /** A save went through; the BFF answers with the draft as it now stands. */
  onSaved(detail: ApplicationDetail): void
  /** The BFF says it is no longer a draft (submitted elsewhere): nothing here can be saved. */
  onNotDraft(): void
}

/**
 * A draft's form, saved as the citizen types: 0.8 s after the last keystroke, when a field is
 * left and when the page closes. Only well-formed changes go out (a half-typed phone number stays
 * on the phone until it is whole); saves run one at a time, each sending what still differs from
 * the last good save, so no edit is lost. `save` is what the save bar shows; `flush()` saves now
 * and resolves false when that failed.
 */
export function useDraftAutosave(id: string, fields: readonly FieldDef[], { ready, onSaved, onNotDraft }: Options) {
  const [form, setForm] = useState<Record<string, string>>({})
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [save, setSave] = useState<SaveState>({ kind: 'idle' })
  const saved = useRef<Record<string, string>>({})
  const formRef = useRef(form)
  formRef.current = form
  const chain = useRef<Promise<boolean>>(Promise.resolve(true))
  // The page's callbacks change every render; the save chain must not.
  const on = useRef({ onSaved, onNotDraft })
  on.current = { onSaved, onNotDraft }

  /** The draft as loaded from the BFF, which is also what is saved. */
  const reset = useCallback((loaded: Record<string, string>) => {
    saved.current = { ...loaded }
    setForm({ ...loaded })
  }, [])

  const flush = useCallback((): Promise<boolean> => {
    const run = async (): Promise<boolean> => {
      const patch = savablePatch(fields, saved.current, formRef.current)
      if (!Object.keys(patch).length) return true
      setSave({ kind: 'saving' })
      try {
        const d = await applicationsApi.save(id, patch)
        saved.current = { ...saved.current, ...patch }
        on.current.onSaved(d)
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
          on.current.onNotDraft()
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
  }, [fields, id])

  useEffect(() => {
    if (!ready) return
    if (!Object.keys(savablePatch(fields, saved.current, form)).length) return
    const t = setTimeout(() => void flush(), SAVE_DEBOUNCE_MS)
    return () => clearTimeout(t)
  }, [form, ready, fields, flush])
  useUnload(() => void flush())

  const setField = useCallback((key: string, value: string) => {
    setForm((f) => ({ ...f, [key]: value }))
    setProblems((p) => (p[key] ? { ...p, [key]: '' } : p))
  }, [])

  return { form, setField, problems, setProblems, save, flush, reset }
}
