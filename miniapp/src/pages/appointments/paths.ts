/** Routes of the 预约办理 subpackage. */
export const APPOINTMENT_PAGES = {
  list: '/pages/appointments/index',
  book: '/pages/appointments/book',
  detail: '/pages/appointments/detail',
} as const
