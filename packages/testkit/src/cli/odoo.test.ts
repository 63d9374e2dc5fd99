import { afterEach, describe, expect, it, vi } from 'vitest';
import { runOdooSimulatorCommand } from './odoo.js';

describe('runOdooSimulatorCommand', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints one JSON line describing the served simulator and stops on SIGTERM', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });

    const running = runOdooSimulatorCommand([
      '--port',
      '0',
      '--odoo-version',
      '16',
      '--edition',
      'ce',
    ]);
    await vi.waitFor(() => expect(lines).toHaveLength(1));
    const printed = JSON.parse(lines[0] ?? '{}') as {
      url: string;
      db: string;
      login: string;
      apiKey: string;
      uid: number;
    };
    const version = await fetch(`${printed.url}/jsonrpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        params: { service: 'common', method: 'version', args: [] },
      }),
    });
    process.emit('SIGTERM', 'SIGTERM');
    await running;

    expect(printed).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown,
      db: 'odoo',
      login: 'admin',
      apiKey: 'odoo-test-key',
      uid: 2,
    });
    expect(await version.json()).toMatchObject({ result: { server_version: '16.0' } });
  });

  it('rejects an unknown Odoo version', async () => {
    await expect(runOdooSimulatorCommand(['--odoo-version', '15'])).rejects.toThrow(
      '--odoo-version must be 16, 17, 18 or 19',
    );
  });
});
