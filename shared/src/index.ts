/**
 * @bdc/shared — platform-free domain code for the app, the BFF and the verifier page.
 * Zod-free on purpose: the API schemas live in './api' and are imported as '@bdc/shared/api'.
 */
export * from './errors'
export * from './dict'
export * from './divisions'
export * from './mask'
export * from './ids/index'
