import { parseArgs } from 'node:util';
import { createOdooSimulator } from '../odoo/odoo-simulator.js';

/** The models whose automation rules `--webhook-url` adds: the ones the sync reads. */
const webhookModels = ['project.project', 'project.milestone', 'project.task'] as const;

/**
 * `npm run sim -- odoo [--port 8069] [--odoo-version 17] [--edition ce] [--ppm] [--db odoo] [--login admin]
 * [--api-key odoo-test-key] [--webhook-url URL]`: serves an Odoo simulator on 127.0.0.1, prints one JSON
 * line `{"url","db","login","apiKey","uid"}` and serves until SIGINT/SIGTERM.
 *
 * `--webhook-url` (17+) adds, as an operator would, one automation rule per synced model
 * (`on_create_or_write`, "Send Webhook Notification" with `write_date`) posting to the URL, which holds
 * the token: `http://127.0.0.1:8080/webhooks/odoo/<token>`. The line then also has `webhookUrl`.
 *
 * @example
 * await runOdooSimulatorCommand(['--port', '8069', '--odoo-version', '17', '--edition', 'ce']);
 */
export async function runOdooSimulatorCommand(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '8069' },
      'odoo-version': { type: 'string', default: '17' },
      edition: { type: 'string', default: 'ce' },
      ppm: { type: 'boolean', default: false },
      db: { type: 'string', default: 'odoo' },
      login: { type: 'string', default: 'admin' },
      'api-key': { type: 'string', default: 'odoo-test-key' },
      'webhook-url': { type: 'string' },
    },
    strict: true,
  });
  const version = Number(values['odoo-version']);
  if (version !== 16 && version !== 17 && version !== 18 && version !== 19) {
    throw new Error(`--odoo-version must be 16, 17, 18 or 19 (got ${values['odoo-version']})`);
  }
  const edition = values.edition;
  if (edition !== 'ce' && edition !== 'ee')
    throw new Error(`--edition must be ce or ee (got ${edition})`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number (got ${values.port})`);

  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined) {
    if (!URL.canParse(webhookUrl))
      throw new Error(`--webhook-url must be a URL (got ${webhookUrl})`);
    if (version < 17)
      throw new Error(
        '--webhook-url needs --odoo-version 17 or later: Odoo 16 has no webhook action',
      );
  }

  const simulator = createOdooSimulator({
    version,
    edition,
    ppm: values.ppm,
    db: values.db,
    login: values.login,
    apiKey: values['api-key'],
  });
  if (webhookUrl !== undefined) {
    for (const model of webhookModels)
      simulator.addWebhookRule({
        model,
        trigger: 'on_create_or_write',
        fields: ['write_date'],
        url: webhookUrl,
      });
  }
  const served = await simulator.serve({ port });
  console.log(
    JSON.stringify({
      url: served.url,
      db: simulator.db,
      login: simulator.login,
      apiKey: simulator.apiKey,
      uid: simulator.uid,
      ...(webhookUrl === undefined ? {} : { webhookUrl }),
    }),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await served.close();
}
