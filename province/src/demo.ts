/**
 * The simulator's demo data for tests and benchmarks elsewhere (BFF tests, e2e): the fixed demo
 * citizens, their units, and the identifiers of their e-licenses. Nothing here runs a server.
 */
export * from './seed/demo-data'
export { demoLicenseId } from './licenses/licenses'
