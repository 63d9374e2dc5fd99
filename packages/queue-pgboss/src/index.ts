export { createPgBossWorkQueue } from './pgboss-work-queue.js';
export type {
  DeadLetter,
  PgBossRetryPolicy,
  PgBossStopOptions,
  PgBossWorkQueue,
  PgBossWorkQueueOptions,
} from './pgboss-work-queue.js';
