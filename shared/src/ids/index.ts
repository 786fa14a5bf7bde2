/** Identifiers: parse, validate, format and (for synthetic data) make. Platform-free, zod-free. */
export * from './result'
export * from './unitCode'
export * from './certificateNo'
export * from './idNumber'
export * from './uscc'
export * from './licenseId'
