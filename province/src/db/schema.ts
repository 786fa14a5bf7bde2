/** All tables of the provincial simulator, for the drizzle handle (each system keeps its own in <system>/<system>.schema.ts). */
import { accessTokens, authCodes, citizens } from '../identity/identity.schema'
import { restrictions, rightHolders, rights, units } from '../registry/registry.schema'
import { seedRuns } from '../seed/seed.schema'

export const provinceSchema = { citizens, units, rights, rightHolders, restrictions, authCodes, accessTokens, seedRuns }
export type ProvinceSchema = typeof provinceSchema
