/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- wire JSON is probed field by field */
import { describe, expect, it } from 'vitest';
import { createPlaneHarness, type PlaneHarness, type WireJson } from '../test-support.js';

async function setup(): Promise<
  PlaneHarness & { alpha: WireJson; items: string; states: WireJson[] }
> {
  const harness = createPlaneHarness();
  const alpha = await harness.project('Alpha', 'ALPHA');
  const items = `/workspaces/acme/projects/${alpha.id}/work-items/`;
  const states = (await harness.call('GET', `/workspaces/acme/projects/${alpha.id}/states/`)).body
    .results;
  return { ...harness, alpha, items, states };
}

describe('createPlaneSimulator work items', () => {
  it('creates under both /work-items/ and /issues/ with per-project sequence ids and the default state', async () => {
    const { call, alpha, items, states } = await setup();

    const first = await call('POST', items, { name: 'One' });
    const second = await call('POST', `/workspaces/acme/projects/${alpha.id}/issues/`, {
      name: 'Two',
    });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect([first.body.sequence_id, second.body.sequence_id]).toEqual([1, 2]);
    expect(first.body).toMatchObject({
      state: states[0].id,
      priority: 'none',
      description_html: '<p></p>',
      sort_order: 65535,
      assignees: [],
      labels: [],
    });
    expect(second.body.sort_order).toBe(75535);
    expect(Object.keys(first.body)).toEqual([
      'id',
      'type_id',
      'created_at',
      'updated_at',
      'deleted_at',
      'point',
      'name',
      'description_html',
      'description_binary',
      'priority',
      'start_date',
      'target_date',
      'sequence_id',
      'sort_order',
      'completed_at',
      'archived_at',
      'is_draft',
      'external_source',
      'external_id',
      'created_by',
      'updated_by',
      'project',
      'workspace',
      'parent',
      'state',
      'estimate_point',
      'type',
      'assignees',
      'labels',
    ]);
  });

  it('answers 409 with the existing id for a duplicate external id, and looks items up by external id', async () => {
    const { call, items } = await setup();
    const created = await call('POST', items, {
      name: 'Ext',
      external_id: '42',
      external_source: 'odoo',
    });

    const duplicate = await call('POST', items, {
      name: 'Again',
      external_id: '42',
      external_source: 'odoo',
    });
    const found = await call('GET', `${items}?external_id=42&external_source=odoo`);
    const missing = await call('GET', `${items}?external_id=43&external_source=odoo`);

    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      error: 'Issue with the same external id and external source already exists',
      id: created.body.id,
    });
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(created.body.id);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'The requested resource does not exist.' });
  });

  it('answers a colliding external id on PATCH with the id of the patched item', async () => {
    const { call, items } = await setup();
    await call('POST', items, { name: 'A', external_id: '1', external_source: 'odoo' });
    const other = await call('POST', items, {
      name: 'B',
      external_id: '2',
      external_source: 'odoo',
    });

    const patched = await call('PATCH', `${items}${other.body.id}/`, { external_id: '1' });

    expect(patched.status).toBe(409);
    expect(patched.body).toEqual({
      error: 'Issue with the same external id and external source already exists',
      id: other.body.id,
    });
  });

  it.each([
    [{ priority: 'low' }, { name: ['This field is required.'] }],
    [{ name: 'x', priority: 'critical' }, { priority: ['"critical" is not a valid choice.'] }],
    [
      { name: 'x', start_date: '2026-12-10', target_date: '2026-12-01' },
      { non_field_errors: ['Start date cannot exceed target date'] },
    ],
    [
      { name: 'x', start_date: '10/12/2026' },
      { start_date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'] },
    ],
  ])('refuses %j with 400 %j', async (body, expected) => {
    const { call, items } = await setup();
    const response = await call('POST', items, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(expected);
  });

  it('refuses an empty description_html on create and PATCH as Invalid HTML, and accepts <p></p>', async () => {
    const { call, items } = await setup();
    const invalid = { non_field_errors: ['Invalid HTML passed'] };

    const emptyCreate = await call('POST', items, { name: 'x', description_html: '' });
    const blankCreate = await call('POST', items, { name: 'x', description_html: '  ' });
    const created = await call('POST', items, { name: 'x', description_html: '<p></p>' });
    const emptyPatch = await call('PATCH', `${items}${created.body.id}/`, {
      name: 'renamed',
      description_html: '',
    });
    const after = await call('GET', `${items}${created.body.id}/`);

    expect([emptyCreate.status, emptyCreate.body]).toEqual([400, invalid]);
    expect([blankCreate.status, blankCreate.body]).toEqual([400, invalid]);
    expect(created.status).toBe(201);
    expect([emptyPatch.status, emptyPatch.body]).toEqual([400, invalid]);
    expect(after.body).toMatchObject({ name: 'x', description_html: '<p></p>' });
  });

  it('refuses a state or a parent from another project, and an assignee uuid that is no user', async () => {
    const harness = await setup();
    const other = await harness.project('Beta', 'BETA');
    const otherState = (await harness.call('GET', `/workspaces/acme/projects/${other.id}/states/`))
      .body.results[0];
    const otherItem = await harness.call(
      'POST',
      `/workspaces/acme/projects/${other.id}/work-items/`,
      { name: 'b' },
    );
    const ghost = '7f1c6a4e-7a43-4b6e-9d3e-0a4d7b1b6f00';

    const badState = await harness.call('POST', harness.items, { name: 'x', state: otherState.id });
    const badParent = await harness.call('POST', harness.items, {
      name: 'x',
      parent: otherItem.body.id,
    });
    const badAssignee = await harness.call('POST', harness.items, {
      name: 'x',
      assignees: [harness.plane.botUserId, ghost],
    });

    expect(badState.body).toEqual({
      non_field_errors: ['State is not valid please pass a valid state_id'],
    });
    expect(badParent.body).toEqual({
      non_field_errors: ['Parent is not valid issue_id please pass a valid issue_id'],
    });
    expect(badAssignee.body).toEqual({
      assignees: { '1': [`Invalid pk "${ghost}" - object does not exist.`] },
    });
  });

  it('silently drops assignees who are not project members and labels of other projects', async () => {
    const harness = await setup();
    const ann = harness.plane.addUser({ email: 'ann@example.com' });
    const other = await harness.project('Beta', 'BETA');
    const foreignLabel = await harness.call(
      'POST',
      `/workspaces/acme/projects/${other.id}/labels/`,
      { name: 'f' },
    );
    const ownLabel = await harness.call(
      'POST',
      `/workspaces/acme/projects/${harness.alpha.id}/labels/`,
      { name: 'o' },
    );

    const created = await harness.call('POST', harness.items, {
      name: 'x',
      assignees: [harness.plane.botUserId, ann.id],
      labels: [ownLabel.body.id, foreignLabel.body.id],
    });
    harness.plane.addProjectMember(harness.alpha.id, ann.id);
    const patched = await harness.call('PATCH', `${harness.items}${created.body.id}/`, {
      assignees: [ann.id],
    });

    expect(created.body.assignees).toEqual([harness.plane.botUserId]);
    expect(created.body.labels).toEqual([ownLabel.body.id]);
    expect(patched.body.assignees).toEqual([ann.id]);
  });

  it('paginates with order_by, refuses per_page > 1000 and malformed cursors', async () => {
    const { call, items } = await setup();
    for (const priority of ['low', 'urgent', 'none'])
      await call('POST', items, { name: priority, priority });

    const newest = await call('GET', `${items}?per_page=2`);
    const byPriority = await call('GET', `${items}?order_by=priority`);
    const tooMany = await call('GET', `${items}?per_page=1001`);
    const badCursor = await call('GET', `${items}?per_page=2&cursor=garbage`);
    const fields = await call('GET', `${items}?fields=sequence_id,id,nope`);

    expect(newest.body.results.map((item: any) => item.name)).toEqual(['none', 'urgent']);
    expect(newest.body).toMatchObject({ next_cursor: '2:1:0', total_pages: 2 });
    expect(byPriority.body.results.map((item: any) => item.name)).toEqual([
      'urgent',
      'low',
      'none',
    ]);
    expect(tooMany).toMatchObject({
      status: 400,
      body: { detail: 'Invalid per_page value. Cannot exceed 1000.' },
    });
    expect(badCursor).toMatchObject({ status: 400, body: { detail: 'Invalid cursor parameter.' } });
    expect(Object.keys(fields.body.results[0])).toEqual(['id', 'sequence_id']);
  });

  it('gets an item by PROJ-12 (exact case only) and by id with expand', async () => {
    const { call, items, states } = await setup();
    const created = await call('POST', items, { name: 'x', state: states[1].id });

    const byKey = await call('GET', '/workspaces/acme/work-items/ALPHA-1/');
    const lower = await call('GET', '/workspaces/acme/issues/alpha-1/');
    const expanded = await call('GET', `${items}${created.body.id}/?expand=state,assignees,labels`);

    expect(byKey.body.id).toBe(created.body.id);
    expect(lower).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
    expect(expanded.body.state).toEqual({
      id: states[1].id,
      name: 'Todo',
      color: '#60646C',
      group: 'unstarted',
    });
  });

  it('soft-deletes: the item is gone from reads and its sequence id is never reused', async () => {
    const { call, items, plane } = await setup();
    const first = await call('POST', items, { name: 'x' });

    const deleted = await call('DELETE', `${items}${first.body.id}/`);
    const read = await call('GET', `${items}${first.body.id}/`);
    const next = await call('POST', items, { name: 'y' });

    expect(deleted.status).toBe(204);
    expect(read).toMatchObject({
      status: 404,
      body: { error: 'The requested resource does not exist.' },
    });
    expect(next.body.sequence_id).toBe(2);
    expect(plane.getWorkItem(first.body.id)).toBeUndefined();
    expect(plane.listWorkItems()).toHaveLength(1);
  });

  it('lets only the creator or a project admin delete', async () => {
    const harness = await setup();
    const ann = harness.plane.addUser({ email: 'ann@example.com' });
    harness.plane.addProjectMember(harness.alpha.id, ann.id, 15);
    const created = await harness.call('POST', harness.items, { name: 'x' });

    const refused = await harness.call(
      'DELETE',
      `${harness.items}${created.body.id}/`,
      undefined,
      ann.apiKey,
    );

    expect(refused).toMatchObject({
      status: 403,
      body: { error: 'Only admin or creator can delete the work item' },
    });
  });

  it('searches work items', async () => {
    const { call, items, alpha } = await setup();
    await call('POST', items, { name: 'Fix login' });

    const found = await call(
      'GET',
      `/workspaces/acme/work-items/search/?search=login&project_id=${alpha.id}`,
    );

    expect(found.body).toEqual({
      issues: [
        {
          name: 'Fix login',
          id: expect.any(String),
          sequence_id: 1,
          project__identifier: 'ALPHA',
          project_id: alpha.id,
          workspace__slug: 'acme',
        },
      ],
    });
  });
});
