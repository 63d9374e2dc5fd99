import { replayFailedEvents } from '@odoo-plane-sync/sync-core';
import { openOperatorStores } from './operator-stores.js';

// `npm run replay [-- <event id>…]`: makes failed and dead-lettered inbox events pending again; the
// running agent runs them at its next drain (within 15 s).
const stores = openOperatorStores(process.env);
if (stores === null) process.exit(2);
const ids = process.argv.slice(2);
const replayed = await replayFailedEvents(stores.inbox, ids.length === 0 ? {} : { ids });
stores.close();
console.log(
  replayed.length === 0
    ? 'No failed or dead-lettered inbox event to replay.'
    : `Replayed ${replayed.length} inbox event(s): ${replayed.join(', ')}`,
);
