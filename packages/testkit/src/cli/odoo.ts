import { parseArgs } from 'node:util';
import { createOdooSimulator } from '../odoo/odoo-simulator.js';

/**
 * `npm run sim -- odoo [--port 8069] [--odoo-version 17] [--edition ce] [--ppm] [--db odoo] [--login admin]
 * [--api-key odoo-test-key]`: serves an Odoo simulator on 127.0.0.1, prints one JSON line
 * `{"url","db","login","apiKey","uid"}` and serves until SIGINT/SIGTERM.
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

  const simulator = createOdooSimulator({
    version,
    edition,
    ppm: values.ppm,
    db: values.db,
    login: values.login,
    apiKey: values['api-key'],
  });
  const served = await simulator.serve({ port });
  console.log(
    JSON.stringify({
      url: served.url,
      db: simulator.db,
      login: simulator.login,
      apiKey: simulator.apiKey,
      uid: simulator.uid,
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
