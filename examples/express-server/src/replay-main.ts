import { replayFailedWork } from '@odoo-plane-sync/agent';
import { openOperatorStorage } from './operator-stores.js';

// `npm run replay [-- <event id>…]`: makes failed and dead-lettered inbox events pending again, and on
// Postgres enqueues the pg-boss dead letters (failed runs) again; the running agent runs them at its next
// drain (within 15 s).
const storage = await openOperatorStorage(process.env);
if (storage === null) process.exit(2);
const ids = process.argv.slice(2);
const replayed = await replayFailedWork(
  { inbox: storage.stores.inbox, queue: storage.queue },
  ids.length === 0 ? undefined : ids,
);
await storage.close();
console.log(
  replayed.length === 0
    ? 'No failed or dead-lettered event to replay.'
    : `Replayed ${replayed.length} event(s): ${replayed.join(', ')}`,
);
