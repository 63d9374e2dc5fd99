import { createInProcessWorkQueue } from '@odoo-plane-sync/sync-core';
import {
  createInMemoryEventLedger,
  createInMemoryFailureTracker,
  createInMemoryInbox,
  createInMemoryMappingStore,
  createInMemorySyncStateStore,
} from '@odoo-plane-sync/sync-core/testing';
import { describeEventLedgerContract } from './event-ledger-contract.js';
import { describeFailureTrackerContract } from './failure-tracker-contract.js';
import { describeInboxContract } from './inbox-contract.js';
import { describeMappingStoreContract } from './mapping-store-contract.js';
import { describeSyncStateStoreContract } from './sync-state-store-contract.js';
import { describeWorkQueueContract } from './work-queue-contract.js';

describeMappingStoreContract('in-memory', ({ clock }) =>
  Promise.resolve({ store: createInMemoryMappingStore(() => clock.now()) }),
);
describeEventLedgerContract('in-memory', () =>
  Promise.resolve({ store: createInMemoryEventLedger() }),
);
describeInboxContract('in-memory', () => Promise.resolve({ store: createInMemoryInbox() }));
describeFailureTrackerContract('in-memory', () =>
  Promise.resolve({ store: createInMemoryFailureTracker() }),
);
describeSyncStateStoreContract('in-memory', () =>
  Promise.resolve({ store: createInMemorySyncStateStore() }),
);
describeWorkQueueContract('in-process', ({ run, concurrency }) =>
  Promise.resolve({
    queue: createInProcessWorkQueue({ run, concurrency }),
    accepted: () => Promise.resolve(),
  }),
);
