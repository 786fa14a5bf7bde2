import { useState } from 'react'
import Taro from '@tarojs/taro'
import { STATEMENTS_VERSION } from '@bdc/shared/applications-dict'
import type { ApplicationDetail } from '@bdc/shared/applications'
import { applicationsApi } from '../../api/applications'
import { ApiError, userMessage } from '../../api/errors'
import { FaceCheckNotPassed, runSensitive } from '../../face/sensitive'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { stepStorageKey } from './logic'

export interface SubmitError {
  message: string
  items: string[]
}

interface Options {
  /** Saves the form first; false when it could not. */
  flush(): Promise<boolean>
  /** Submitted, or no longer a draft: the page gives way to the detail page. */
  toDetail(done?: boolean): void
  /** The BFF named what is missing: the page shows the draft as it now stands. */
  onRefetched(detail: ApplicationDetail): void
}

/**
 * Step 5: the 申请书 and 承诺书 ticked, the form saved, then submit (after the face check when the
 * BFF asks for one). Failures become Chinese copy, with the missing items listed.
 */
export function useDraftSubmit(id: string, { flush, toDetail, onRefetched }: Options) {
  const [declaration, setDeclaration] = useState(false)
  const [commitment, setCommitment] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<SubmitError | null>(null)

  const submit = async () => {
    if (!declaration || !commitment) return setError({ message: !declaration ? '请阅读并确认申请书' : '请阅读并确认承诺书', items: [] })
    setSubmitting(true)
    setError(null)
    try {
      if (!(await flush())) throw new Error('save')
      await runSensitive(() => applicationsApi.submit(id, { statementsVersion: STATEMENTS_VERSION, declarationConfirmed: true, commitmentConfirmed: true }))
      Taro.removeStorageSync(stepStorageKey(id))
      toDetail(true)
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      if (err instanceof ApiError && err.code === 'APPLICATION_NOT_DRAFT') return toDetail()
      if (err instanceof FaceCheckNotPassed) {
        setError({ message: '未完成人脸识别验证，申请尚未提交。草稿已保存，可稍后再提交。', items: [] })
      } else if (err instanceof ApiError && err.code === 'APPLICATION_INCOMPLETE') {
        setError({ message: err.message, items: (err.details ?? []).map((d) => d.message) })
        void applicationsApi.get(id).then(onRefetched, () => undefined)
      } else if (err instanceof ApiError && err.details?.length) {
        setError({ message: err.details.map((d) => d.message).join('；'), items: [] })
      } else if (err instanceof Error && err.message === 'save') {
        setError({ message: '草稿未能保存，请检查网络后重试', items: [] })
      } else {
        setError({ message: userMessage(err), items: [] })
      }
    } finally {
      setSubmitting(false)
    }
  }

  return {
    declaration,
    commitment,
    toggleDeclaration: () => setDeclaration((v) => !v),
    toggleCommitment: () => setCommitment((v) => !v),
    submitting,
    error,
    clearError: () => setError(null),
    submit,
  }
}
