export * from './sm3'
export * from './sm2'
export * from './token'
export * from './verify'
