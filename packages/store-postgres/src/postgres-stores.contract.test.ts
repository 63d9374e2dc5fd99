import {
  describeEventLedgerContract,
  describeFailureTrackerContract,
  describeInboxContract,
  describeMappingStoreContract,
  describeSyncStateStoreContract,
} from '@odoo-plane-sync/testkit';
import type { Clock } from '@odoo-plane-sync/sync-core';
import { createPostgresStores, type PostgresStores } from './postgres-stores.js';
import {
  describeWithPostgres,
  dropSchema,
  randomSchemaName,
  useTestPool,
} from './test-database.js';

describeWithPostgres('postgres stores', () => {
  const pool = useTestPool();

  /** Stores in a schema of their own, migrated from empty; `close` drops the schema. */
  const open = async (
    clock?: Pick<Clock, 'now'>,
  ): Promise<{ stores: PostgresStores; close(): Promise<void> }> => {
    const schema = randomSchemaName();
    const stores = await createPostgresStores(
      clock === undefined ? { pool: pool(), schema } : { pool: pool(), schema, clock },
    );
    return {
      stores,
      close: async () => {
        await stores.close();
        await dropSchema(pool(), schema);
      },
    };
  };

  describeMappingStoreContract('postgres', async ({ clock }) => {
    const { stores, close } = await open(clock);
    return { store: stores.mappings, close };
  });
  describeEventLedgerContract('postgres', async () => {
    const { stores, close } = await open();
    return { store: stores.ledger, close };
  });
  describeInboxContract('postgres', async () => {
    const { stores, close } = await open();
    return { store: stores.inbox, close };
  });
  describeFailureTrackerContract('postgres', async () => {
    const { stores, close } = await open();
    return { store: stores.failures, close };
  });
  describeSyncStateStoreContract('postgres', async () => {
    const { stores, close } = await open();
    return { store: stores.syncState, close };
  });
});
