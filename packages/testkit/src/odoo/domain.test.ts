import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../fake-clock.js';
import { createOdooSimulator } from './odoo-simulator.js';
import { call, executeKw } from './rpc-test-helpers.js';

async function seeded() {
  const clock = createFakeClock({ start: Date.parse('2026-03-01T10:00:00Z') });
  const odoo = createOdooSimulator({ clock });
  const web = odoo.create('project.project', { name: 'Website' });
  const app = odoo.create('project.project', { name: 'Mobile app' });
  const alpha = odoo.create('project.task', {
    name: 'Alpha banner',
    project_id: web,
    priority: '1',
  });
  await clock.advance(60_000);
  const beta = odoo.create('project.task', {
    name: 'beta footer',
    project_id: web,
    parent_id: alpha,
  });
  await clock.advance(60_000);
  const gamma = odoo.create('project.task', {
    name: 'Gamma',
    project_id: app,
    parent_id: beta,
    date_deadline: '2026-04-01 12:00:00',
  });
  const archived = odoo.create('project.task', { name: 'Old', project_id: app });
  odoo.write('project.task', [archived], { active: false });
  return { odoo, web, app, alpha, beta, gamma, archived };
}

describe('createOdooSimulator domains', () => {
  it.each([
    ['=', [['name', '=', 'Gamma']], ['gamma']],
    ['!=', [['project_id', '!=', 'web']], ['gamma']],
    ['in', [['project_id', 'in', ['app']]], ['gamma']],
    ['not in', [['id', 'not in', ['alpha', 'beta']]], ['gamma']],
    ['like (case-sensitive)', [['name', 'like', 'eta']], ['beta']],
    ['ilike', [['name', 'ilike', 'ALPHA']], ['alpha']],
    ['=? with false ignores the leaf', [['parent_id', '=?', false]], ['alpha', 'beta', 'gamma']],
    ['= false means empty', [['parent_id', '=', false]], ['alpha']],
    ['>= on datetimes', [['create_date', '>=', '2026-03-01 10:01:00']], ['beta', 'gamma']],
    [
      '< on a datetime skips empty values',
      [['date_deadline', '<', '2027-01-01 00:00:00']],
      ['gamma'],
    ],
    ['child_of', [['id', 'child_of', 'beta']], ['beta', 'gamma']],
    ['| of two leaves', ['|', ['name', '=', 'Gamma'], ['priority', '=', '1']], ['alpha', 'gamma']],
    ['! negation', ['!', ['project_id', '=', 'web']], ['gamma']],
    [
      'implicit & with a dotted path',
      [
        ['project_id.name', 'ilike', 'SITE'],
        ['parent_id', '!=', false],
      ],
      ['beta'],
    ],
  ])('filters with %s', async (_label, template, expectedNames) => {
    const fixture = await seeded();
    const ids: Record<string, number> = {
      web: fixture.web,
      app: fixture.app,
      alpha: fixture.alpha,
      beta: fixture.beta,
      gamma: fixture.gamma,
    };
    const resolve = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(resolve)
        : typeof value === 'string' && value in ids
          ? ids[value]
          : value;
    const domain = (template as unknown[]).map((term) =>
      Array.isArray(term) ? [term[0], term[1], resolve(term[2])] : term,
    );

    const found = await call<number[]>(fixture.odoo, 'project.task', 'search', [domain], {
      order: 'id asc',
    });

    expect(found).toEqual(expectedNames.map((name) => ids[name]));
  });

  it('hides archived records unless active_test is false or the domain names active', async () => {
    const { odoo, archived } = await seeded();

    const byDefault = await call<number[]>(odoo, 'project.task', 'search', [[]]);
    const withoutTest = await call<number[]>(odoo, 'project.task', 'search', [[]], {
      context: { active_test: false },
    });
    const naming = await call<number[]>(odoo, 'project.task', 'search', [[['active', '=', false]]]);

    expect(byDefault).not.toContain(archived);
    expect(withoutTest).toContain(archived);
    expect(naming).toEqual([archived]);
  });

  it('orders, offsets and limits search_read results, with search_count agreeing', async () => {
    const { odoo, alpha, beta, gamma } = await seeded();

    const page = await call<{ id: number }[]>(odoo, 'project.task', 'search_read', [[]], {
      fields: ['id'],
      order: 'create_date desc, id desc',
      offset: 1,
      limit: 1,
    });
    const count = await call<number>(odoo, 'project.task', 'search_count', [[]]);
    const defaultOrder = await call<number[]>(odoo, 'project.task', 'search', [[]]);

    expect(page).toEqual([{ id: beta }]);
    expect(count).toBe(3);
    // 17.0 `_order`: priority desc, sequence, date_deadline asc (empty last), id desc.
    expect(defaultOrder).toEqual([alpha, gamma, beta]);
  });

  it('raises the ValueError Odoo raises for an unknown field in a domain', async () => {
    const { odoo } = await seeded();

    const answer = await executeKw(odoo, 'project.task', 'search', [[['no_such_field', '=', 1]]]);

    expect(answer.body.error?.data).toMatchObject({
      name: 'builtins.ValueError',
      message: "Invalid field 'no_such_field' on model 'project.task'",
    });
  });

  it('answers name_search with [id, display_name] pairs', async () => {
    const { odoo, alpha } = await seeded();

    const pairs = await call(odoo, 'project.task', 'name_search', ['alpha'], { limit: 5 });

    expect(pairs).toEqual([[alpha, 'Alpha banner']]);
  });
});
