import express from 'express';
import { createSyncRouter, keepRawBody } from '@odoo-plane-sync/adapter-express';
import { createSyncAgent } from '@odoo-plane-sync/agent';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';

const env = process.env;
const store = createSqliteStores({ filename: env.SYNC_DATABASE ?? './sync.db' });
export const agent = createSyncAgent({
  odoo: { baseUrl: env.ODOO_URL!, db: env.ODOO_DB!, login: env.ODOO_LOGIN!, apiKey: env.ODOO_KEY! },
  plane: { baseUrl: env.PLANE_URL!, apiKey: env.PLANE_KEY!, workspaceSlug: env.PLANE_WORKSPACE! },
  secrets: { odooToken: env.ODOO_WEBHOOK_TOKEN!, planeWebhookSecret: env.PLANE_WEBHOOK_SECRET! },
  store,
});

const app = express();
// A global body parser is fine: `keepRawBody` keeps the bytes the webhook signatures are checked over.
app.use(express.json({ verify: keepRawBody }));
app.use('/sync', createSyncRouter(agent));
app.get('/orders', (_request, response) => response.json([]));
app.post('/orders', (request, response) => response.status(201).json(request.body as unknown));

export const server = app.listen(Number(env.PORT ?? 3000));
void agent.start();
process.once('SIGTERM', () => void agent.stop().then(() => server.close(() => store.close())));
