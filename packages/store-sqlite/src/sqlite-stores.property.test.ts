import { describeStoreModelProperties } from '@odoo-plane-sync/testkit';
import { createSqliteStores } from './sqlite-stores.js';

/** 150 runs of up to 25 SQLite operations: seconds on an idle laptop, much more on a shared CI runner. */
const propertyTimeoutMs = 180_000;

// A fresh in-memory database per run: opening one costs less than emptying it.
describeStoreModelProperties('createSqliteStores', {
  stores: ({ clock, randomId }) => {
    const stores = createSqliteStores({ filename: ':memory:', clock, randomId });
    return Promise.resolve({
      store: stores,
      close: () => {
        stores.close();
        return Promise.resolve();
      },
    });
  },
  numRuns: 150,
  timeoutMs: propertyTimeoutMs,
});
