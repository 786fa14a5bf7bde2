// Former path, kept only for bootstrap.ts (being reworked on another branch): import ./appointments.seed.
export { seedAppointments } from './appointments.seed'
