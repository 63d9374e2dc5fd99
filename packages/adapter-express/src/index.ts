export { createSyncRouter } from './sync-router.js';
export type { SyncRouterOptions } from './sync-router.js';
