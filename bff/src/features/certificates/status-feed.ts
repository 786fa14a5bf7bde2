// Former path, kept only for bootstrap.ts (being reworked on another branch): import ./certificates.status-feed.
export { createStatusFeed } from './certificates.status-feed'
