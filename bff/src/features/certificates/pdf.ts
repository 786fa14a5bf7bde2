// Former path, kept only for bootstrap.ts (being reworked on another branch): import ./certificates.pdf.
export { createPdfRenderer } from './certificates.pdf'
