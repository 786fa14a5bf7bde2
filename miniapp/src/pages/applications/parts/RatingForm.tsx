import { useState } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { RATING_LEVELS, RATING_REASON_REQUIRED_BELOW, RATING_TAGS_BAD, RATING_TAGS_GOOD } from '@bdc/shared/applications-dict'

type Tag = (typeof RATING_TAGS_GOOD)[number] | (typeof RATING_TAGS_BAD)[number]
import type { Rating } from '@bdc/shared/applications'
import { applicationsApi } from '../../../api/applications'
import { ApiError, userMessage } from '../../../api/errors'
import { redirectIfUnauthenticated } from '../../../utils/auth-redirect'
import { ratingProblem } from '../logic'

/** 好差评 after 已办结: five levels, optional tags and words; the two bad levels need a reason. */
export function RatingForm({ applicationId, onRated }: { applicationId: string; onRated: (r: Rating | null) => void }) {
  const [level, setLevel] = useState<number | null>(null)
  const [tags, setTags] = useState<Tag[]>([])
  const [text, setText] = useState('')
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const bad = level !== null && level < RATING_REASON_REQUIRED_BELOW
  const tagChoices: readonly Tag[] = level === null ? [] : bad ? RATING_TAGS_BAD : level === 3 ? [...RATING_TAGS_GOOD, ...RATING_TAGS_BAD] : RATING_TAGS_GOOD

  const choose = (l: number) => {
    setLevel(l)
    setProblem(null)
    // Tags of the other kind make no sense any more.
    const keep: readonly Tag[] = l < RATING_REASON_REQUIRED_BELOW ? RATING_TAGS_BAD : l === 3 ? [...RATING_TAGS_GOOD, ...RATING_TAGS_BAD] : RATING_TAGS_GOOD
    setTags((t) => t.filter((x) => keep.includes(x)))
  }
  const toggle = (t: Tag) => setTags((all) => (all.includes(t) ? all.filter((x) => x !== t) : [...all, t]))

  const submit = async () => {
    const p = ratingProblem(level, reason)
    if (p || level === null) return setProblem(p)
    setBusy(true)
    setProblem(null)
    try {
      const body = { level, tags, ...(text.trim() ? { text: text.trim() } : {}), ...(bad ? { reason: reason.trim() } : {}) }
      onRated(await applicationsApi.rate(applicationId, body))
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      // Rated meanwhile (another device): show the rating that counts.
      if (err instanceof ApiError && err.code === 'RATING_ALREADY_GIVEN') return onRated(null)
      setProblem(err instanceof ApiError && err.details?.length ? err.details.map((d) => d.message).join('；') : userMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="card apl-rate" data-testid="rating-form">
      <Text className="apl-rate__title">服务评价（好差评）</Text>
      <Text className="apl-rate__hint">您的评价将推送至四川省政务服务「好差评」系统，每件只能评价一次。</Text>
      <View className="apl-levels">
        {RATING_LEVELS.map((r) => (
          <View key={r.level} className={`apl-level ${level === r.level ? 'apl-level--on' : ''} ${r.level < RATING_REASON_REQUIRED_BELOW ? 'apl-level--bad' : ''}`} onClick={() => choose(r.level)} data-testid={`level-${r.level}`}>
            {r.label}
          </View>
        ))}
      </View>
      {tagChoices.length ? (
        <View className="apl-chips">
          {tagChoices.map((t) => (
            <View key={t} className={`apl-chip apl-chip--small ${tags.includes(t) ? 'apl-chip--on' : ''}`} onClick={() => toggle(t)} data-testid="rating-tag">
              {t}
            </View>
          ))}
        </View>
      ) : null}
      {bad ? (
        <View className="apl-field">
          <Text className="apl-field__label">
            不满意的原因<Text className="apl-required"> *</Text>
          </Text>
          <Textarea className="apl-input apl-input--area" value={reason} maxlength={500} placeholder="请说明不满意的原因，我们将跟进处理" onInput={(e) => setReason(e.detail.value)} data-testid="rating-reason" />
        </View>
      ) : null}
      {level !== null ? (
        <View className="apl-field">
          <Text className="apl-field__label">其他意见（选填）</Text>
          <Textarea className="apl-input apl-input--area" value={text} maxlength={500} placeholder="您的意见和建议" onInput={(e) => setText(e.detail.value)} data-testid="rating-text" />
        </View>
      ) : null}
      {problem ? (
        <Text className="apl-field-error" data-testid="rating-error">
          {problem}
        </Text>
      ) : null}
      <Button type="primary" block className="apl-primary" loading={busy} onClick={() => void submit()} data-testid="submit-rating">
        提交评价
      </Button>
    </View>
  )
}

/** A given rating, shown instead of the form. */
export function RatingView({ rating }: { rating: Rating }) {
  return (
    <View className="card apl-rate" data-testid="rating-view">
      <Text className="apl-rate__title">您的评价</Text>
      <Text className={`apl-rated ${rating.level < RATING_REASON_REQUIRED_BELOW ? 'apl-rated--bad' : ''}`} data-testid="rated-level">
        {rating.label}
      </Text>
      {rating.tags.length ? <Text className="apl-rate__line">{rating.tags.join('、')}</Text> : null}
      {rating.reason ? <Text className="apl-rate__line">原因：{rating.reason}</Text> : null}
      {rating.text ? <Text className="apl-rate__line">意见：{rating.text}</Text> : null}
      <Text className="apl-rate__hint">
        已评价 · {rating.pushed ? '已送达省好差评系统' : '正在送达省好差评系统'}
      </Text>
    </View>
  )
}
