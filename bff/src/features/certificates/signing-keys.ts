// Former path, kept only for bootstrap.ts and e2e/ (being reworked on another branch): import ./certificates.signing-keys.
export { freshKeyFile, loadOrCreateCertificateKeys } from './certificates.signing-keys'
