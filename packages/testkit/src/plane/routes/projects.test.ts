/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- wire JSON is probed field by field */
import { describe, expect, it } from 'vitest';
import { createPlaneHarness } from '../test-support.js';

const projects = '/workspaces/acme/projects/';

describe('createPlaneSimulator projects', () => {
  it('creates a project with the identifier upper-cased, views off and the bot as admin member', async () => {
    const { call, plane } = createPlaneHarness();

    const created = await call('POST', projects, { name: 'Sync', identifier: ' sy ' });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Sync',
      identifier: 'SY',
      cycle_view: false,
      module_view: false,
      issue_views_view: false,
      page_view: true,
      network: 2,
      total_members: 1,
      is_member: true,
      member_role: 20,
      created_by: plane.botUserId,
      workspace: plane.workspaceId,
      description: '',
    });
    expect(created.body.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(created.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/);
  });

  it('creates the five default states with the recorded names, groups, colours and sequences', async () => {
    const harness = createPlaneHarness();
    const project = await harness.project();

    const states = await harness.call('GET', `${projects}${project.id}/states/`);

    expect(
      states.body.results.map((state: any) => [
        state.name,
        state.group,
        state.color,
        state.sequence,
        state.default,
      ]),
    ).toEqual([
      ['Backlog', 'backlog', '#60646C', 15000, true],
      ['Todo', 'unstarted', '#60646C', 25000, false],
      ['In Progress', 'started', '#F59E0B', 35000, false],
      ['Done', 'completed', '#46A758', 45000, false],
      ['Cancelled', 'cancelled', '#9AA4BC', 55000, false],
    ]);
    expect(states.text).toContain('"sequence":15000.0');
  });

  it.each([
    [
      { name: 'A', identifier: 'FX-1' },
      { non_field_errors: ['Project identifier cannot contain special characters.'] },
    ],
    [
      { name: 'A', identifier: 'ABCDEFGHIJKLM' },
      { identifier: ['Ensure this field has no more than 12 characters.'] },
    ],
    [
      { name: 'Paren (x)', identifier: 'PX' },
      { non_field_errors: ['Project name cannot contain special characters.'] },
    ],
    [{ name: 'A', identifier: '   ' }, { identifier: ['This field may not be blank.'] }],
    [{ identifier: 'AB' }, { name: ['This field is required.'] }],
    [
      { name: 'A', identifier: 'AB', project_lead: '7f1c6a4e-7a43-4b6e-9d3e-0a4d7b1b6f00' },
      { non_field_errors: ['Project lead should be a user in the workspace'] },
    ],
  ])('refuses %j with 400 %j', async (body, expected) => {
    const { call } = createPlaneHarness();

    const response = await call('POST', projects, body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual(expected);
  });

  it('answers 409 with the name message for a duplicate name and for a duplicate identifier', async () => {
    const harness = createPlaneHarness();
    await harness.project('Sync Project', 'SYNC');

    const sameIdentifier = await harness.call('POST', projects, {
      name: 'Other',
      identifier: 'sync',
    });
    const sameName = await harness.call('POST', projects, {
      name: 'Sync Project',
      identifier: 'NEW',
    });

    expect(sameIdentifier.status).toBe(409);
    expect(sameIdentifier.body).toEqual({ name: 'The project name is already taken' });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toEqual({ name: 'The project name is already taken' });
  });

  it('lists projects in the pagination envelope with cursors "<per_page>:<page>:<is_prev>"', async () => {
    const harness = createPlaneHarness();
    for (let index = 0; index < 3; index += 1) await harness.project();

    const first = await harness.call('GET', `${projects}?per_page=2`);
    const second = await harness.call(
      'GET',
      `${projects}?per_page=2&cursor=${first.body.next_cursor}`,
    );

    expect(Object.keys(first.body)).toEqual([
      'grouped_by',
      'sub_grouped_by',
      'total_count',
      'next_cursor',
      'prev_cursor',
      'next_page_results',
      'prev_page_results',
      'count',
      'total_pages',
      'total_results',
      'extra_stats',
      'results',
    ]);
    expect(first.body).toMatchObject({
      total_count: 3,
      next_cursor: '2:1:0',
      prev_cursor: '2:-1:1',
      next_page_results: true,
      prev_page_results: false,
      count: 2,
      total_pages: 2,
      total_results: 3,
    });
    expect(second.body).toMatchObject({
      next_cursor: '2:2:0',
      prev_cursor: '2:0:1',
      next_page_results: false,
      prev_page_results: true,
      count: 1,
    });
    expect(first.body.results[0].sort_order).toBe(65535);
  });

  it('patches, archives (refusing later edits), unarchives and soft-deletes a project', async () => {
    const harness = createPlaneHarness();
    const project = await harness.project();
    const path = `${projects}${project.id}/`;

    const patched = await harness.call('PATCH', path, { cycle_view: true, description: 'd' });
    await harness.call('POST', `${path}archive/`);
    const archivedPatch = await harness.call('PATCH', path, { name: 'x' });
    await harness.call('DELETE', `${path}archive/`);
    const deleted = await harness.call('DELETE', path);
    const afterDelete = await harness.call('GET', path);

    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      cycle_view: true,
      description: 'd',
      updated_by: harness.plane.botUserId,
    });
    expect(archivedPatch.status).toBe(400);
    expect(archivedPatch.body).toEqual({ error: 'Archived project cannot be updated' });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(afterDelete.status).toBe(404);
    expect(afterDelete.body).toEqual({ error: 'The requested resource does not exist.' });
    expect(harness.plane.listProjects()).toEqual([]);
  });

  it('lists members as bare arrays and adds project members (workspace members only)', async () => {
    const harness = createPlaneHarness();
    const ann = harness.plane.addUser({
      email: 'ann@example.com',
      firstName: 'Ann',
      displayName: 'ann',
    });
    const project = await harness.project();

    const workspace = await harness.call('GET', '/workspaces/acme/members/');
    const added = await harness.call('POST', `${projects}${project.id}/members/`, {
      member: ann.id,
      role: 15,
    });
    const stranger = await harness.call('POST', `${projects}${project.id}/members/`, {
      member: '7f1c6a4e-7a43-4b6e-9d3e-0a4d7b1b6f00',
    });
    const members = await harness.call('GET', `${projects}${project.id}/members/`);

    expect(workspace.body).toContainEqual({
      id: ann.id,
      first_name: 'Ann',
      last_name: '',
      email: 'ann@example.com',
      avatar: '',
      avatar_url: null,
      display_name: 'ann',
      role: 15,
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), member: ann.id, role: 15 });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toEqual({ member: ['Member not found in workspace'] });
    expect(members.body.map((member: any) => member.id)).toEqual([harness.plane.botUserId, ann.id]);
    expect(Object.keys(members.body[0])).toEqual([
      'id',
      'first_name',
      'last_name',
      'email',
      'avatar',
      'avatar_url',
      'display_name',
    ]);
  });
});
