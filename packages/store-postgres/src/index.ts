export { createPostgresStores } from './postgres-stores.js';
export type { PostgresStores, PostgresStoresOptions } from './postgres-stores.js';
export { createPostgresMappingStore } from './postgres-mapping-store.js';
export type { PostgresMappingStoreOptions } from './postgres-mapping-store.js';
export { createPostgresEventLedger } from './postgres-event-ledger.js';
export type { PostgresEventLedgerOptions } from './postgres-event-ledger.js';
export { createPostgresInbox } from './postgres-inbox.js';
export type { PostgresInboxOptions } from './postgres-inbox.js';
export { createPostgresFailureTracker } from './postgres-failure-tracker.js';
export type { PostgresFailureTrackerOptions } from './postgres-failure-tracker.js';
export { createPostgresSyncStateStore } from './postgres-sync-state-store.js';
export type { PostgresSyncStateStoreOptions } from './postgres-sync-state-store.js';
export { createPostgresScheduleClaims } from './postgres-schedule-claims.js';
export type {
  PostgresScheduleClaims,
  PostgresScheduleClaimsOptions,
} from './postgres-schedule-claims.js';
export { postgresPoolConfig } from './postgres-pool-config.js';
export type { PostgresPoolSettings } from './postgres-pool-config.js';
export { applyPostgresMigrations } from './apply-migrations.js';
export type { ApplyPostgresMigrationsOptions } from './apply-migrations.js';
export { postgresMigrations } from './migrations.js';
export type { PostgresMigration } from './migrations.js';
export { postgresSchema, defaultPostgresSchemaName } from './postgres-schema.js';
export type { PostgresSchema } from './postgres-schema.js';
export type { PostgresPool } from './transaction.js';
