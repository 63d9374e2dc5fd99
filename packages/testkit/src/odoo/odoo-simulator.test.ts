import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../fake-clock.js';
import { OdooServerError } from './errors.js';
import { createOdooSimulator } from './odoo-simulator.js';
import { call, send } from './rpc-test-helpers.js';

describe('createOdooSimulator', () => {
  it('stamps write_date with the transaction start time on the injected clock', async () => {
    const clock = createFakeClock({ start: Date.parse('2026-03-01T10:00:00Z') });
    const odoo = createOdooSimulator({ clock });
    const task = odoo.create('project.task', {
      name: 'T',
      project_id: odoo.create('project.project', { name: 'P' }),
    });
    await clock.advance(5_000);

    await call(odoo, 'project.task', 'write', [[task], { name: 'T2' }]);

    expect(odoo.read('project.task', [task], ['write_date', 'create_date'])[0]).toEqual({
      id: task,
      write_date: '2026-03-01 10:00:05',
      create_date: '2026-03-01 10:00:00',
    });
  });

  it('commits a long transaction with its start time as write_date, invisible to RPC until commit', async () => {
    const clock = createFakeClock({ start: Date.parse('2026-03-01T10:00:00Z') });
    const odoo = createOdooSimulator({ clock });
    const projectId = odoo.create('project.project', { name: 'P' });
    const slow = odoo.create('project.task', { name: 'Slow', project_id: projectId });
    const fast = odoo.create('project.task', { name: 'Fast', project_id: projectId });
    await clock.advance(10_000);

    const transaction = odoo.beginLongTransaction();
    odoo.write('project.task', [slow], { name: 'Slow (edited)' });
    await clock.advance(20_000);
    await call(odoo, 'project.task', 'write', [[fast], { name: 'Fast (edited)' }]);
    const seenBeforeCommit = await call<{ id: number; name: string; write_date: string }[]>(
      odoo,
      'project.task',
      'search_read',
      [[['write_date', '>=', '2026-03-01 10:00:05']]],
      { fields: ['name', 'write_date'] },
    );
    transaction.commit();
    const seenAfterCommit = await call<{ id: number; name: string; write_date: string }[]>(
      odoo,
      'project.task',
      'search_read',
      [[['write_date', '>=', '2026-03-01 10:00:05']]],
      { fields: ['name', 'write_date'], order: 'write_date asc, id asc' },
    );

    expect(seenBeforeCommit).toEqual([
      { id: fast, name: 'Fast (edited)', write_date: '2026-03-01 10:00:30' },
    ]);
    // The slow row commits with a write_date older than a row already seen: a cursor at 10:00:30 misses it.
    expect(seenAfterCommit).toEqual([
      { id: slow, name: 'Slow (edited)', write_date: '2026-03-01 10:00:10' },
      { id: fast, name: 'Fast (edited)', write_date: '2026-03-01 10:00:30' },
    ]);
  });

  it('throws OdooServerError from the direct-access methods with the RPC rules', () => {
    const odoo = createOdooSimulator();

    const attempt = () =>
      odoo.create('project.task', { project_id: odoo.create('project.project', { name: 'P' }) });

    expect(attempt).toThrow(OdooServerError);
    expect(attempt).toThrow(/mandatory field is not set/);
  });

  it.each([
    [
      16,
      ['kanban_state', 'planned_hours', 'analytic_account_id'],
      ['state', 'allocated_hours'],
      'date',
    ],
    [
      17,
      ['state', 'allocated_hours', 'analytic_account_id'],
      ['kanban_state', 'planned_hours', 'account_id'],
      'datetime',
    ],
    [
      18,
      ['state', 'allocated_hours', 'account_id'],
      ['kanban_state', 'analytic_account_id'],
      'datetime',
    ],
    [
      19,
      ['state', 'allocated_hours', 'account_id', 'is_template'],
      ['kanban_state', 'planned_hours'],
      'datetime',
    ],
  ] as const)(
    'exposes the %i task field set through fields_get',
    async (version, present, absent, deadlineType) => {
      const odoo = createOdooSimulator({ version });

      const fields = await call<Record<string, { type: string; selection?: [string, string][] }>>(
        odoo,
        'project.task',
        'fields_get',
        [],
        { attributes: ['type', 'selection'] },
      );

      for (const name of present) expect(fields).toHaveProperty(name);
      for (const name of absent) expect(fields).not.toHaveProperty(name);
      expect(fields.date_deadline?.type).toBe(deadlineType);
      expect(fields.priority?.selection?.map(([key]) => key)).toEqual(
        version === 19 ? ['0', '1', '2', '3'] : ['0', '1'],
      );
      expect(fields).not.toHaveProperty('planned_date_begin');
    },
  );

  it('adds Enterprise-only and PPM fields only when asked', async () => {
    const odoo = createOdooSimulator({ edition: 'ee', ppm: true });
    const projectId = odoo.create('project.project', { name: 'P', wbs_code: '1.2' });

    const taskFields = await call<Record<string, unknown>>(odoo, 'project.task', 'fields_get', [], {
      attributes: ['type'],
    });
    const task = odoo.create('project.task', {
      name: 'T',
      project_id: projectId,
      is_shipped: true,
      shipped_at: '2026-03-01 10:00:00',
      planned_date_begin: '2026-02-01 08:00:00',
    });

    expect(Object.keys(taskFields)).toEqual(
      expect.arrayContaining(['planned_date_begin', 'is_shipped', 'shipped_at', 'deployment_ids']),
    );
    expect(odoo.read('project.project', [projectId], ['wbs_code', 'portfolio_id'])[0]).toEqual({
      id: projectId,
      wbs_code: '1.2',
      portfolio_id: false,
    });
    expect(odoo.read('project.task', [task], ['is_shipped', 'shipped_at'])[0]).toEqual({
      id: task,
      is_shipped: true,
      shipped_at: '2026-03-01 10:00:00',
    });
  });

  it.each([16, 17, 19] as const)(
    'has no ship fields on stock Odoo %i, and the custom fields a test adds as a module would',
    async (version) => {
      const stock = createOdooSimulator({ version });
      const custom = createOdooSimulator({
        version,
        customFields: {
          'project.task': {
            x_shipped: { type: 'boolean', string: 'Shipped' },
            x_shipped_at: { type: 'datetime', string: 'Shipped At' },
          },
        },
      });

      const stockFields = await call<Record<string, unknown>>(
        stock,
        'project.task',
        'fields_get',
        [],
        { attributes: ['type'] },
      );
      const customFields = await call<Record<string, { type: string }>>(
        custom,
        'project.task',
        'fields_get',
        [],
        { attributes: ['type'] },
      );
      const projectId = custom.create('project.project', { name: 'P' });
      const task = custom.create('project.task', {
        name: 'T',
        project_id: projectId,
        x_shipped: true,
        x_shipped_at: '2026-03-01 10:00:00',
      });

      for (const name of ['is_shipped', 'shipped_at', 'deployment_ids', 'x_shipped'])
        expect(stockFields).not.toHaveProperty(name);
      expect(customFields.x_shipped?.type).toBe('boolean');
      expect(custom.read('project.task', [task], ['x_shipped', 'x_shipped_at'])[0]).toEqual({
        id: task,
        x_shipped: true,
        x_shipped_at: '2026-03-01 10:00:00',
      });
    },
  );

  it('answers GET /web/version with the version info on 19', async () => {
    const odoo = createOdooSimulator({ version: 19 });

    const response = await send(odoo, new Request('http://odoo.test/web/version'));

    expect(await response.json()).toEqual({
      version_info: [19, 0, 0, 'final', 0, ''],
      version: '19.0',
    });
  });

  it.each([16, 17, 18] as const)(
    'answers GET /web/version on %i with the HTML 404 page, as the route is new in 19',
    async (version) => {
      const odoo = createOdooSimulator({ version });

      const response = await send(odoo, new Request('http://odoo.test/web/version'));

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
    },
  );

  it('counts the RPC calls it handled', async () => {
    const odoo = createOdooSimulator();

    await call(odoo, 'project.project', 'search', [[]]);
    await call(odoo, 'project.project', 'search_count', [[]]);

    expect(odoo.requestCount()).toBe(2);
  });

  it('serves the same handlers over real HTTP on 127.0.0.1', async () => {
    const odoo = createOdooSimulator();
    const served = await odoo.serve();
    try {
      const response = await fetch(`${served.url}/jsonrpc`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          params: { service: 'common', method: 'version', args: [] },
        }),
      });

      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await response.json()).toMatchObject({ result: { server_version: '17.0' } });
    } finally {
      await served.close();
    }
  });
});
