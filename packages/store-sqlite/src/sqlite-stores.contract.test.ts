import {
  describeEventLedgerContract,
  describeFailureTrackerContract,
  describeInboxContract,
  describeMappingStoreContract,
  describeSyncStateStoreContract,
} from '@odoo-plane-sync/testkit';
import type { Clock } from '@odoo-plane-sync/sync-core';
import { createSqliteStores, type SqliteStores } from './sqlite-stores.js';
import { createTemporaryDirectory } from './test-support.js';

/** Opens stores on a fresh database; `close` releases the connection and deletes any file. */
type OpenStores = (clock?: Pick<Clock, 'now'>) => { stores: SqliteStores; close(): Promise<void> };

const inMemory: OpenStores = (clock) => {
  const stores = createSqliteStores(
    clock === undefined ? { filename: ':memory:' } : { filename: ':memory:', clock },
  );
  return {
    stores,
    close: () => {
      stores.close();
      return Promise.resolve();
    },
  };
};

const onDisk: OpenStores = (clock) => {
  const directory = createTemporaryDirectory();
  const filename = directory.file('sync.db');
  const stores = createSqliteStores(clock === undefined ? { filename } : { filename, clock });
  return {
    stores,
    close: () => {
      stores.close();
      directory.remove();
      return Promise.resolve();
    },
  };
};

for (const [name, open] of [
  ['sqlite in memory', inMemory],
  ['sqlite temp file', onDisk],
] as const) {
  describeMappingStoreContract(name, ({ clock }) => {
    const { stores, close } = open(clock);
    return Promise.resolve({ store: stores.mappings, close });
  });
  describeEventLedgerContract(name, () => {
    const { stores, close } = open();
    return Promise.resolve({ store: stores.ledger, close });
  });
  describeInboxContract(name, () => {
    const { stores, close } = open();
    return Promise.resolve({ store: stores.inbox, close });
  });
  describeFailureTrackerContract(name, () => {
    const { stores, close } = open();
    return Promise.resolve({ store: stores.failures, close });
  });
  describeSyncStateStoreContract(name, () => {
    const { stores, close } = open();
    return Promise.resolve({ store: stores.syncState, close });
  });
}
