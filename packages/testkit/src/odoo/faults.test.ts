import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../fake-clock.js';
import { createOdooSimulator } from './odoo-simulator.js';
import { call, executeKw, json2, send } from './rpc-test-helpers.js';

describe('createOdooSimulator faults', () => {
  it('fails the next matching call with an Odoo error by name, then recovers', async () => {
    const odoo = createOdooSimulator();
    odoo.faults.next(
      { model: 'project.project', method: 'create' },
      { error: 'psycopg2.errors.SerializationFailure' },
    );

    const failed = await executeKw(odoo, 'project.project', 'create', [{ name: 'P' }]);
    const retried = await executeKw(odoo, 'project.project', 'create', [{ name: 'P' }]);

    expect(failed.status).toBe(200);
    expect(failed.body.error?.data).toMatchObject({
      name: 'psycopg2.errors.SerializationFailure',
      message: 'could not serialize access due to concurrent update',
    });
    expect(typeof retried.body.result).toBe('number');
    expect(await call<number>(odoo, 'project.project', 'search_count', [[]])).toBe(1);
  });

  it('leaves non-matching calls alone and honours the count', async () => {
    const odoo = createOdooSimulator();
    odoo.faults.next(
      { method: 'search' },
      { error: 'odoo.exceptions.AccessError', message: 'nope' },
      2,
    );

    const other = await executeKw(odoo, 'project.project', 'search_count', [[]]);
    const first = await executeKw(odoo, 'project.project', 'search', [[]]);
    const second = await executeKw(odoo, 'project.task', 'search', [[]]);
    const third = await executeKw(odoo, 'project.task', 'search', [[]]);

    expect(
      [other, first, second, third].map((answer) => answer.body.error?.data.name ?? 'ok'),
    ).toEqual(['ok', 'odoo.exceptions.AccessError', 'odoo.exceptions.AccessError', 'ok']);
  });

  it('injects HTTP failures, network errors and latency on the injected clock', async () => {
    const clock = createFakeClock({ start: 0 });
    const odoo = createOdooSimulator({ clock });
    odoo.faults.next({}, { httpStatus: 502, body: 'Bad Gateway' });
    odoo.faults.next({}, { networkError: true });
    odoo.faults.next({}, { delayMs: 30_000 });
    const request = () =>
      new Request('http://odoo.test/jsonrpc', {
        method: 'POST',
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          params: {
            service: 'object',
            method: 'execute_kw',
            args: ['odoo', 2, 'odoo-test-key', 'project.task', 'search', [[]]],
          },
        }),
      });

    const gateway = await send(odoo, request());
    const dropped = await send(odoo, request());
    const slow = await send(odoo, request());

    expect([gateway.status, await gateway.text()]).toEqual([502, 'Bad Gateway']);
    expect(dropped.type).toBe('error');
    expect(await slow.json()).toMatchObject({ result: [] });
    expect(clock.now()).toBe(30_000);
  });

  it('maps injected errors to JSON-2 statuses, and can target one transport', async () => {
    const odoo = createOdooSimulator({ version: 19 });
    odoo.faults.next({ transport: 'json2' }, { error: 'psycopg2.errors.SerializationFailure' });
    odoo.faults.next(
      { transport: 'json2' },
      { error: 'odoo.exceptions.LockError', message: 'locked' },
    );

    const serialization = await json2(odoo, 'project.task', 'search', { domain: [] });
    const lock = await json2(odoo, 'project.task', 'search', { domain: [] });

    expect([serialization.status, lock.status]).toEqual([500, 409]);
    expect(lock.body).toMatchObject({ name: 'odoo.exceptions.LockError', message: 'locked' });
  });

  it('forgets queued faults on clear', async () => {
    const odoo = createOdooSimulator();
    odoo.faults.next({}, { error: 'odoo.exceptions.UserError' });

    odoo.faults.clear();

    expect((await executeKw(odoo, 'project.task', 'search', [[]])).body.result).toEqual([]);
  });
});
