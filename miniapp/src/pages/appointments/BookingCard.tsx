import { View, Text } from '@tarojs/components'
import { BOOKING_STATUS_LABELS, weekdayLabel } from '@bdc/shared/appointments-dict'
import type { Booking } from '@bdc/shared/appointments'

/** One booking in a list: what, where, when, and its state. */
export function BookingCard({ booking, onOpen }: { booking: Booking; onOpen: (id: string) => void }) {
  return (
    <View className={`appt-card appt-card--${booking.status}`} data-testid="booking-card" onClick={() => onOpen(booking.id)}>
      <View className="appt-card__head">
        <Text className="appt-card__type">{booking.businessTypeLabel}</Text>
        <Text className={`appt-status appt-status--${booking.status}`}>{BOOKING_STATUS_LABELS[booking.status]}</Text>
      </View>
      <Text className="appt-card__when">
        {booking.date} {weekdayLabel(booking.date)} {booking.start}–{booking.end}
      </Text>
      <Text className="appt-card__where">{booking.office.name}</Text>
      <Text className="appt-card__code">预约码 {booking.code}</Text>
    </View>
  )
}
