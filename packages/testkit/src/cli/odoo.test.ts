import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('wires automation webhooks for the synced models to --webhook-url', async () => {
    const received: { path: string; body: Record<string, unknown> }[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({
          path: request.url ?? '',
          body: JSON.parse(body) as Record<string, unknown>,
        });
        response.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/odoo/tok-1`;
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });

    const running = runOdooSimulatorCommand(['--port', '0', '--webhook-url', hook]);
    await vi.waitFor(() => expect(lines).toHaveLength(1));
    const printed = JSON.parse(lines[0] ?? '{}') as {
      url: string;
      db: string;
      uid: number;
      apiKey: string;
      webhookUrl: string;
    };
    const created = await fetch(`${printed.url}/jsonrpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        params: {
          service: 'object',
          method: 'execute_kw',
          args: [
            printed.db,
            printed.uid,
            printed.apiKey,
            'project.project',
            'create',
            [{ name: 'Web' }],
          ],
        },
      }),
    });
    const projectId = ((await created.json()) as { result: number }).result;
    await vi.waitFor(() => expect(received.length).toBeGreaterThan(0), { timeout: 30_000 });
    process.emit('SIGTERM', 'SIGTERM');
    await running;
    await new Promise<void>((resolve) => receiver.close(() => resolve()));

    expect(printed.webhookUrl).toBe(hook);
    expect(received[0]).toMatchObject({
      path: '/webhooks/odoo/tok-1',
      body: {
        _model: 'project.project',
        _id: projectId,
        write_date: expect.any(String) as unknown,
      },
    });
  });

  it('refuses --webhook-url on Odoo 16, which has no webhook action', async () => {
    await expect(
      runOdooSimulatorCommand(['--odoo-version', '16', '--webhook-url', 'http://127.0.0.1:1/x']),
    ).rejects.toThrow('--webhook-url needs --odoo-version 17 or later');
  });

  it('rejects an unknown Odoo version', async () => {
    await expect(runOdooSimulatorCommand(['--odoo-version', '15'])).rejects.toThrow(
      '--odoo-version must be 16, 17, 18 or 19',
    );
  });
});
