import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { BookingList } from '@bdc/shared/appointments'
import { appointmentsApi } from '../../api/appointments'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useListReload } from '../../hooks/reload'
import { useLoader } from '../../hooks/useLoader'
import { BookingCard } from './BookingCard'
import { APPOINTMENT_PAGES } from './paths'
import './index.scss'

/** 我的预约: active bookings first, then cancelled and past ones; the way to book a new one. */
export default function AppointmentsPage() {
  const [list, setList] = useState<BookingList | null>(null)
  const fetchList = useCallback(async () => setList(await appointmentsApi.list()), [])
  const { state, load } = useLoader(fetchList)

  // Back from booking or cancelling: show the change.
  useListReload(load, list !== null)

  const open = (id: string) => void Taro.navigateTo({ url: `${APPOINTMENT_PAGES.detail}?id=${encodeURIComponent(id)}` })
  const book = () => void Taro.navigateTo({ url: APPOINTMENT_PAGES.book })

  return (
    <PageShell className="appt appt-index">
      <View className="appt-intro">
        <Text className="appt-intro__text">预约到不动产登记大厅办理业务的时间和地点，到场后向窗口出示预约码或二维码。</Text>
        <Button type="primary" block className="appt-primary" onClick={book} data-testid="new-booking">
          新建预约
        </Button>
      </View>

      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={state.retryable ? () => void load() : undefined} />
      ) : list === null ? (
        <ListSkeleton />
      ) : list.active.length === 0 && list.history.length === 0 ? (
        <EmptyState message="您还没有预约记录" hint="点击上方「新建预约」，选择业务、登记机构和时间。" />
      ) : (
        <View>
          <Text className="section-title">有效预约</Text>
          {list.active.length ? (
            list.active.map((b) => <BookingCard key={b.id} booking={b} onOpen={open} />)
          ) : (
            <Text className="appt-none">暂无有效预约</Text>
          )}
          {list.history.length ? <Text className="section-title">已取消和已过期</Text> : null}
          {list.history.map((b) => (
            <BookingCard key={b.id} booking={b} onOpen={open} />
          ))}
        </View>
      )}
    </PageShell>
  )
}
