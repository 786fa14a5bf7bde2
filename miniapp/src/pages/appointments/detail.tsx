import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { BOOKING_STATUS_LABELS, weekdayLabel } from '@bdc/shared/appointments-dict'
import type { BookingDetail } from '@bdc/shared/appointments'
import { appointmentsApi } from '../../api/appointments'
import { userMessage } from '../../api/errors'
import { PagePlaceholder } from '../../components/PagePlaceholder'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formatDateTime } from '../../utils/format'
import { APPOINTMENT_PAGES } from './paths'
import './detail.scss'

/** One booking: the code and QR to show at the window; cancel or move it until 2 hours before. */
export default function AppointmentDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [booking, setBooking] = useState<BookingDetail | null>(null)
  const [cancelling, setCancelling] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)
  const fetchOne = useCallback(async () => setBooking(await appointmentsApi.get(id)), [id])
  const { state, load } = useLoader(fetchOne)

  useEffect(() => {
    void load()
  }, [load])

  const toList = () => void Taro.redirectTo({ url: APPOINTMENT_PAGES.list })

  const cancel = async () => {
    if (!booking) return
    const { confirm } = await Taro.showModal({ title: '取消预约', content: `确定取消 ${booking.date} ${booking.start} 的预约吗？取消后名额将释放给他人。`, confirmText: '确定取消', cancelText: '暂不取消', confirmColor: '#A61B1B', cancelColor: '#1A1F2B' })
    if (!confirm) return
    setCancelling(true)
    setActionError(null)
    try {
      setBooking(await appointmentsApi.cancel(booking.id))
      void Taro.showToast({ title: '已取消预约', icon: 'success' })
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setActionError(userMessage(err))
    } finally {
      setCancelling(false)
    }
  }

  const reschedule = () => {
    if (!booking) return
    void Taro.navigateTo({ url: `${APPOINTMENT_PAGES.book}?rescheduleId=${encodeURIComponent(booking.id)}&type=${booking.businessType}` })
  }

  if (state.kind === 'error') {
    return <PagePlaceholder className="appt" failed={state} retry={() => void load()} back={{ label: '返回我的预约', url: APPOINTMENT_PAGES.list }} />
  }
  if (!booking) return <PagePlaceholder className="appt" />

  return (
    <PageShell className="appt appt-detail">
      {params.done && booking.status === 'booked' ? (
        <Text className="appt-banner appt-banner--ok" data-testid="done-banner">
          {params.done === 'moved' ? '改约成功' : '预约成功'}
        </Text>
      ) : null}
      <View className="card appt-ticket" data-testid="ticket">
        <Text className={`appt-status appt-status--${booking.status}`} data-testid="status">
          {BOOKING_STATUS_LABELS[booking.status]}
        </Text>
        <Text className="appt-ticket__label">预约码</Text>
        <Text className="appt-ticket__code" data-testid="booking-code">
          {booking.code}
        </Text>
        {booking.qrImage ? (
          // A background image sizes the same on weapp and H5 (Taro H5's Image offsets aspectFit content).
          <View className="appt-ticket__qr" style={{ backgroundImage: `url("${booking.qrImage}")` }} aria-label="预约二维码" data-testid="booking-qr" />
        ) : null}
        {booking.status === 'booked' ? <Text className="appt-ticket__hint">到场后请向窗口工作人员出示此码</Text> : null}
      </View>

      <View className="card">
        <View className="appt-kv">
          <Text className="appt-kv__k">业务</Text>
          <Text className="appt-kv__v">{booking.businessTypeLabel}</Text>
        </View>
        <View className="appt-kv">
          <Text className="appt-kv__k">时间</Text>
          <Text className="appt-kv__v">
            {booking.date} {weekdayLabel(booking.date)} {booking.start}–{booking.end}
          </Text>
        </View>
        <View className="appt-kv">
          <Text className="appt-kv__k">地点</Text>
          <Text className="appt-kv__v">
            {booking.office.name}
            {'\n'}
            {booking.office.address}
          </Text>
        </View>
        <View className="appt-kv">
          <Text className="appt-kv__k">电话</Text>
          <Text className="appt-kv__v">{booking.office.phone}</Text>
        </View>
        {booking.cancelledAt ? (
          <View className="appt-kv">
            <Text className="appt-kv__k">取消时间</Text>
            <Text className="appt-kv__v">{formatDateTime(booking.cancelledAt)}</Text>
          </View>
        ) : null}
      </View>

      {booking.status === 'booked' ? (
        <Text className="appt-note">
          {booking.changeable ? `${formatDateTime(booking.changeableUntil)} 前可取消或改约` : '距开始已不足 2 小时，不能再取消或改约；如不能到场请致电登记机构'}
        </Text>
      ) : null}
      {actionError ? (
        <Text className="appt-error" data-testid="action-error">
          {actionError}
        </Text>
      ) : null}

      <View className="appt-actions">
        {booking.changeable ? (
          <>
            <Button type="primary" block className="appt-primary" onClick={reschedule} data-testid="reschedule">
              改约
            </Button>
            <Button type="danger" fill="outline" block className="appt-btn" loading={cancelling} onClick={() => void cancel()} data-testid="cancel-booking">
              取消预约
            </Button>
          </>
        ) : null}
        <Button block fill="outline" className="appt-btn" onClick={toList} data-testid="to-list">
          返回我的预约
        </Button>
      </View>
    </PageShell>
  )
}
