import { useCallback, useEffect, useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { BUSINESS_TYPES, businessTypeLabel, type BusinessTypeCode } from '@bdc/shared/appointments-dict'
import type { DateList, Office, OfficeList, Slot, SlotList } from '@bdc/shared/appointments'
import { appointmentsApi, newIdempotencyKey } from '../../api/appointments'
import { ApiError, userMessage } from '../../api/errors'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { APPOINTMENT_PAGES } from './paths'
import './book.scss'

type Step = 'type' | 'office' | 'date' | 'slot' | 'confirm'
const STEPS: { key: Step; label: string }[] = [
  { key: 'type', label: '业务' },
  { key: 'office', label: '地点' },
  { key: 'date', label: '日期' },
  { key: 'slot', label: '时段' },
  { key: 'confirm', label: '确认' },
]
type Load<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string }

/** Runs `fetch` whenever its inputs change; errors become Chinese copy, 401s go to login. */
function useFetch<T>(fetch: (() => Promise<T>) | null): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (!fetch) return
    let live = true
    setState({ kind: 'loading' })
    fetch().then(
      (data) => live && setState({ kind: 'ready', data }),
      (err: unknown) => {
        if (!live || redirectIfUnauthenticated(err)) return
        setState({ kind: 'error', message: userMessage(err) })
      },
    )
    return () => {
      live = false
    }
  }, [fetch, tick])
  return [state, () => setTick((t) => t + 1)]
}

/**
 * New booking (or moving one: `?rescheduleId=…&type=…`): business type → office → date → time
 * slot → confirm. Every step has 上一步; the confirm tap carries one Idempotency-Key, so a second
 * tap or a retry after a dropped answer books once.
 */
export default function BookPage() {
  const { params } = useRouter()
  const rescheduleId = params.rescheduleId || null
  const presetType = BUSINESS_TYPES.some((b) => b.code === params.type) ? (params.type as BusinessTypeCode) : null
  const [step, setStep] = useState<Step>(presetType ? 'office' : 'type')
  const [type, setType] = useState<BusinessTypeCode | null>(presetType)
  const [city, setCity] = useState<string | null>(null)
  const [here, setHere] = useState<{ lat: number; lng: number } | null>(null)
  const [office, setOffice] = useState<Office | null>(null)
  const [date, setDate] = useState<string | null>(null)
  const [slot, setSlot] = useState<Slot | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const [locating, setLocating] = useState(false)
  // One key per chosen slot: repeated taps on 确认 reuse it.
  const idemKey = useMemo(() => newIdempotencyKey(), [slot?.id]) // eslint-disable-line react-hooks/exhaustive-deps

  const officesFetch = useMemo(
    () => (type && step === 'office' ? () => appointmentsApi.offices({ businessType: type, ...(here ? here : city ? { city } : {}) }) : null),
    [type, step, city, here],
  )
  const datesFetch = useMemo(() => (type && office && step === 'date' ? () => appointmentsApi.dates(office.id, type) : null), [type, office, step])
  const slotsFetch = useMemo(() => (type && office && date && step === 'slot' ? () => appointmentsApi.slots(office.id, type, date) : null), [type, office, date, step])
  const [offices, reloadOffices] = useFetch<OfficeList>(officesFetch)
  const [dates, reloadDates] = useFetch<DateList>(datesFetch)
  const [slots, reloadSlots] = useFetch<SlotList>(slotsFetch)

  const back = useCallback(() => {
    setSubmitError(null)
    const order = STEPS.map((s) => s.key)
    const i = order.indexOf(step)
    if (i === 0 || (presetType && step === 'office')) void Taro.navigateBack().catch(() => Taro.redirectTo({ url: APPOINTMENT_PAGES.list }))
    else setStep(order[i - 1]!)
  }, [step, presetType])

  const locate = () => {
    setLocating(true)
    Taro.getLocation({ type: 'gcj02' })
      .then((loc) => setHere({ lat: loc.latitude, lng: loc.longitude }))
      .catch(() => void Taro.showToast({ title: '未能获取位置，请按城市选择', icon: 'none', duration: 2500 }))
      .finally(() => setLocating(false))
  }

  const confirm = async () => {
    if (!slot || submitting) return
    setSubmitting(true)
    setSubmitError(null)
    try {
      const booking = rescheduleId ? await appointmentsApi.reschedule(rescheduleId, slot.id) : await appointmentsApi.book(slot.id, idemKey)
      void Taro.redirectTo({ url: `${APPOINTMENT_PAGES.detail}?id=${encodeURIComponent(booking.id)}&done=${rescheduleId ? 'moved' : 'booked'}` })
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setSubmitError(userMessage(err))
      // The slot filled up meanwhile: its remaining count is stale; offer other times.
      if (err instanceof ApiError && (err.code === 'SLOT_FULL' || err.code === 'SLOT_NOT_BOOKABLE')) setSlot(null)
    } finally {
      setSubmitting(false)
    }
  }

  const stepIndex = STEPS.findIndex((s) => s.key === step)

  return (
    <PageShell className="appt appt-book">
      {rescheduleId ? <Text className="appt-banner">正在改约：选择新的时间，原预约将自动释放</Text> : null}
      <View className="appt-steps" data-testid="steps">
        {STEPS.map((s, i) => (
          <Text key={s.key} className={`appt-steps__item ${i === stepIndex ? 'is-current' : i < stepIndex ? 'is-done' : ''}`}>
            {i + 1}. {s.label}
          </Text>
        ))}
      </View>

      {step === 'type' ? (
        <View>
          <Text className="section-title">请选择要办理的业务</Text>
          {BUSINESS_TYPES.map((b) => (
            <View
              key={b.code}
              className="appt-choice"
              data-testid={`type-${b.code}`}
              onClick={() => {
                setType(b.code)
                setOffice(null)
                setDate(null)
                setSlot(null)
                setStep('office')
              }}
            >
              <Text className="appt-choice__title">{b.label}</Text>
              <Text className="appt-choice__hint">{b.hint}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {step === 'office' && type ? (
        <View>
          <Text className="section-title">办理「{businessTypeLabel(type)}」的登记机构</Text>
          <View className="appt-filter">
            <Button size="small" fill={here ? 'solid' : 'outline'} type="primary" loading={locating} onClick={locate} data-testid="nearest">
              {here ? '已按离我最近排序' : '按离我最近排序'}
            </Button>
            {offices.kind === 'ready'
              ? offices.data.cities.map((c) => (
                  <Button
                    key={c}
                    size="small"
                    fill={!here && city === c ? 'solid' : 'outline'}
                    type={!here && city === c ? 'primary' : 'default'}
                    onClick={() => {
                      setHere(null)
                      setCity(city === c ? null : c)
                    }}
                  >
                    {c}
                  </Button>
                ))
              : null}
          </View>
          {offices.kind === 'loading' ? (
            <ListSkeleton />
          ) : offices.kind === 'error' ? (
            <ErrorState message={offices.message} onRetry={reloadOffices} secondary={{ label: '上一步', onClick: back }} />
          ) : (
            offices.data.items.map((o) => (
              <View
                key={o.id}
                className="appt-choice"
                data-testid="office"
                onClick={() => {
                  setOffice(o)
                  setDate(null)
                  setSlot(null)
                  setStep('date')
                }}
              >
                <View className="appt-choice__row">
                  <Text className="appt-choice__title">{o.name}</Text>
                  {o.distanceKm !== null ? <Text className="appt-choice__badge">{o.distanceKm} 公里</Text> : null}
                </View>
                <Text className="appt-choice__hint">{o.address}</Text>
                <Text className="appt-choice__hint">
                  {o.hours} · {o.windows} 个窗口
                </Text>
              </View>
            ))
          )}
        </View>
      ) : null}

      {step === 'date' && office ? (
        <View>
          <Text className="section-title">{office.name} · 请选择日期</Text>
          {dates.kind === 'loading' ? (
            <ListSkeleton />
          ) : dates.kind === 'error' ? (
            <ErrorState message={dates.message} onRetry={reloadDates} secondary={{ label: '上一步', onClick: back }} />
          ) : (
            <View className="appt-grid">
              {dates.data.days.map((d) => (
                <View
                  key={d.date}
                  className={`appt-day ${d.open ? '' : 'is-closed'}`}
                  data-testid={d.open ? 'day-open' : 'day-closed'}
                  onClick={() => {
                    if (!d.open) return
                    setDate(d.date)
                    setSlot(null)
                    setStep('slot')
                  }}
                >
                  <Text className="appt-day__date">{d.date.slice(5).replace('-', '月')}日</Text>
                  <Text className="appt-day__week">{d.weekday}</Text>
                  <Text className="appt-day__note">{d.open ? '可预约' : d.closedReason}</Text>
                </View>
              ))}
            </View>
          )}
        </View>
      ) : null}

      {step === 'slot' && office && date ? (
        <View>
          <Text className="section-title">
            {date} · 请选择时段（显示剩余名额）
          </Text>
          {slots.kind === 'loading' ? (
            <ListSkeleton />
          ) : slots.kind === 'error' ? (
            <ErrorState message={slots.message} onRetry={reloadSlots} secondary={{ label: '上一步', onClick: back }} />
          ) : slots.data.slots.length === 0 ? (
            <ErrorState message={slots.data.closedReason ?? '当天没有可预约的时段'} secondary={{ label: '换个日期', onClick: back }} />
          ) : (
            <View className="appt-grid">
              {slots.data.slots.map((s) => (
                <View
                  key={s.id}
                  className={`appt-slot ${s.bookable ? '' : 'is-closed'}`}
                  data-testid={s.bookable ? 'slot-open' : 'slot-closed'}
                  onClick={() => {
                    if (!s.bookable) return
                    setSlot(s)
                    setStep('confirm')
                  }}
                >
                  <Text className="appt-slot__time">
                    {s.start}–{s.end}
                  </Text>
                  <Text className="appt-slot__left">{s.remaining === 0 ? '已约满' : s.bookable ? `剩 ${s.remaining} 个` : '已截止'}</Text>
                </View>
              ))}
            </View>
          )}
        </View>
      ) : null}

      {step === 'confirm' ? (
        slot && office && type && date ? (
          <View className="card appt-confirm" data-testid="confirm">
            <Text className="appt-confirm__title">请核对预约信息</Text>
            <View className="appt-kv">
              <Text className="appt-kv__k">业务</Text>
              <Text className="appt-kv__v">{businessTypeLabel(type)}</Text>
            </View>
            <View className="appt-kv">
              <Text className="appt-kv__k">地点</Text>
              <Text className="appt-kv__v">
                {office.name}
                {'\n'}
                {office.address}
              </Text>
            </View>
            <View className="appt-kv">
              <Text className="appt-kv__k">时间</Text>
              <Text className="appt-kv__v">
                {date} {slot.start}–{slot.end}
              </Text>
            </View>
            <Text className="appt-confirm__note">开始前 2 小时内不能取消或改约。请携带身份证件及相关材料按时到场。</Text>
            {submitError ? (
              <Text className="appt-error" data-testid="submit-error">
                {submitError}
              </Text>
            ) : null}
            <Button type="primary" block className="appt-primary" loading={submitting} onClick={() => void confirm()} data-testid="confirm-booking">
              {rescheduleId ? '确认改约' : '确认预约'}
            </Button>
          </View>
        ) : (
          <ErrorState message={submitError ?? '该时段已不可预约，请重新选择时段'} secondary={{ label: '重新选择时段', onClick: () => setStep('slot') }} />
        )
      ) : null}

      <View className="appt-footer">
        <Button block fill="outline" className="appt-btn" onClick={back} data-testid="back-step">
          上一步
        </Button>
      </View>
    </PageShell>
  )
}
