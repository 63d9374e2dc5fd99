/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- wire JSON is probed field by field */
import { describe, expect, it } from 'vitest';
import { createPlaneHarness } from '../test-support.js';

async function setup(edition: 'ce' | 'cloud' = 'ce') {
  const harness = createPlaneHarness({ edition });
  const project = await harness.project('Alpha', 'ALPHA');
  const items = `/workspaces/acme/projects/${project.id}/work-items`;
  const create = async (name: string): Promise<string> =>
    (await harness.call('POST', `${items}/`, { name })).body.id as string;
  return { ...harness, project, items, create };
}

const EMPTY_RELATIONS = {
  blocking: [],
  blocked_by: [],
  duplicate: [],
  relates_to: [],
  start_after: [],
  start_before: [],
  finish_after: [],
  finish_before: [],
};

describe('createPlaneSimulator work-item relations', () => {
  it('lists a relation from both sides as {project_id, issue_id} and keeps one relation per pair', async () => {
    const { call, items, create, project } = await setup();
    const first = await create('first');
    const second = await create('second');

    const created = await call('POST', `${items}/${first}/relations/`, {
      relation_type: 'blocked_by',
      issues: [second],
    });
    const again = await call('POST', `${items}/${first}/relations/`, {
      relation_type: 'relates_to',
      issues: [second],
    });
    const fromFirst = await call('GET', `${items}/${first}/relations/`);
    const fromSecond = await call('GET', `${items}/${second}/relations/`);

    expect(created.status).toBe(201);
    expect(created.body).toEqual([
      expect.objectContaining({
        id: second,
        project_id: project.id,
        sequence_id: 2,
        relation_type: 'blocked_by',
        name: 'second',
      }),
    ]);
    expect(again).toMatchObject({ status: 201, body: [] });
    expect(fromFirst.body).toEqual({
      ...EMPTY_RELATIONS,
      blocked_by: [{ project_id: project.id, issue_id: second }],
    });
    expect(fromSecond.body).toEqual({
      ...EMPTY_RELATIONS,
      blocking: [{ project_id: project.id, issue_id: first }],
    });
  });

  it('stores a reverse type as its forward twin and answers with the forward relation_type', async () => {
    const { call, items, create, project } = await setup();
    const first = await create('first');
    const other = await create('other');

    const created = await call('POST', `${items}/${first}/relations/`, {
      relation_type: 'blocking',
      issues: [other],
    });
    const fromOther = await call('GET', `${items}/${other}/relations/`);

    expect(created.body[0].relation_type).toBe('blocked_by');
    expect(Object.keys(created.body[0]).slice(-4)).toEqual([
      'created_by',
      'created_at',
      'updated_by',
      'updated_at',
    ]);
    expect(fromOther.body.blocked_by).toEqual([{ project_id: project.id, issue_id: first }]);
  });

  it('refuses an unknown relation type and answers 404 for relations under /issues/ and for CE removal', async () => {
    const { call, items, create, project } = await setup();
    const first = await create('first');
    const second = await create('second');

    const invalid = await call('POST', `${items}/${first}/relations/`, {
      relation_type: 'parent_of',
      issues: [second],
    });
    const legacy = await call(
      'GET',
      `/workspaces/acme/projects/${project.id}/issues/${first}/relations/`,
    );
    const remove = await call('POST', `${items}/${first}/relations/remove/`, {
      related_issue: second,
    });

    expect(invalid).toMatchObject({
      status: 400,
      body: { relation_type: ['"parent_of" is not a valid choice.'] },
    });
    expect(legacy).toMatchObject({ status: 404, body: { error: 'Page not found.' } });
    expect(remove).toMatchObject({ status: 404, body: { error: 'Page not found.' } });
  });

  it('removes relations and lists bare uuids on the cloud edition', async () => {
    const { call, items, create } = await setup('cloud');
    const first = await create('first');
    const second = await create('second');
    await call('POST', `${items}/${first}/relations/`, {
      relation_type: 'relates_to',
      issues: [second],
    });

    const listed = await call('GET', `${items}/${first}/relations/`);
    const removed = await call('POST', `${items}/${first}/relations/remove/`, {
      related_issue: second,
    });
    const after = await call('GET', `${items}/${first}/relations/`);

    expect(listed.body.relates_to).toEqual([second]);
    expect(removed.status).toBe(204);
    expect(after.body).toEqual(EMPTY_RELATIONS);
  });
});

describe('createPlaneSimulator links, comments and activities', () => {
  it('creates links, refusing duplicates and non-http schemes', async () => {
    const { call, items, create } = await setup();
    const item = await create('x');
    const links = `${items}/${item}/links/`;

    const created = await call('POST', links, {
      url: 'https://example.com/odoo/task/42',
      title: 'Odoo task',
    });
    const duplicate = await call('POST', links, { url: 'https://example.com/odoo/task/42' });
    const ftp = await call('POST', links, { url: 'ftp://example.com/x' });
    const garbage = await call('POST', links, { url: 'not a url' });
    const listed = await call('GET', links);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Odoo task',
      url: 'https://example.com/odoo/task/42',
      metadata: {},
      issue: item,
    });
    expect(duplicate).toMatchObject({
      status: 400,
      body: { error: 'URL already exists for this Issue' },
    });
    expect(ftp).toMatchObject({ status: 400, body: { url: ['Invalid URL scheme.'] } });
    expect(garbage).toMatchObject({ status: 400, body: { url: ['Invalid URL format.'] } });
    expect(listed.body.results).toHaveLength(1);
  });

  it.each([
    ['mailto:dev@example.com', 'Invalid URL format.'],
    ['ssh://git@example.com/repo', 'Invalid URL format.'],
    ['odoo://task/42', 'Invalid URL format.'],
    ['file:///etc/hosts', 'Invalid URL format.'],
    ['javascript:alert(1)', 'Invalid URL format.'],
    ['ftps://example.com/x', 'Invalid URL scheme.'],
    ['HTTPS://example.com/x', 'Invalid URL scheme.'],
  ])('refuses the link %s as CE 1.3.1 does: %s', async (url, message) => {
    const { call, items, create } = await setup();
    const item = await create('x');

    const refused = await call('POST', `${items}/${item}/links/`, { url });

    expect(refused).toMatchObject({ status: 400, body: { url: [message] } });
  });

  it('answers a duplicate comment external id with 409 project-wide', async () => {
    const { call, items, create } = await setup();
    const first = await create('first');
    const second = await create('second');
    const body = { comment_html: '<p>From Odoo</p>', external_id: 'm7', external_source: 'odoo' };

    const created = await call('POST', `${items}/${first}/comments/`, body);
    const onOtherItem = await call('POST', `${items}/${second}/comments/`, body);
    const listed = await call('GET', `${items}/${first}/comments/`);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      comment_html: '<p>From Odoo</p>',
      access: 'INTERNAL',
      issue: first,
    });
    expect(onOtherItem).toMatchObject({
      status: 409,
      body: {
        error: 'Work item comment with the same external id and external source already exists',
        id: created.body.id,
      },
    });
    expect(Object.keys(listed.body.results[0]).slice(0, 2)).toEqual(['id', 'is_member']);
  });

  it('records activities in creation order with the actor of each change', async () => {
    const harness = await setup();
    const ann = harness.plane.addUser({ email: 'ann@example.com', displayName: 'ann' });
    harness.plane.addProjectMember(harness.project.id, ann.id, 15);
    const item = await harness.create('x');

    await harness.call(
      'PATCH',
      `${harness.items}/${item}/`,
      { name: 'y', priority: 'high' },
      ann.apiKey,
    );
    const activities = await harness.call('GET', `${harness.items}/${item}/activities/`);
    const missing = await harness.call(
      'GET',
      `${harness.items}/${item}/activities/7f1c6a4e-7a43-4b6e-9d3e-0a4d7b1b6f00/`,
    );

    expect(
      activities.body.results.map((row: any) => [
        row.verb,
        row.field,
        row.old_value,
        row.new_value,
        row.actor,
      ]),
    ).toEqual([
      ['created', null, null, null, harness.plane.botUserId],
      ['updated', 'name', 'x', 'y', ann.id],
      ['updated', 'priority', 'none', 'high', ann.id],
    ]);
    expect(missing).toMatchObject({
      status: 404,
      body: { message: 'Activity not found.', code: 'NOT_FOUND' },
    });
  });
});
