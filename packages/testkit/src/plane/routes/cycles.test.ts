/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- wire JSON is probed field by field */
import { describe, expect, it } from 'vitest';
import { createPlaneHarness } from '../test-support.js';

async function setup(cycleView = true) {
  const harness = createPlaneHarness();
  const project = await harness.project('Alpha', 'ALPHA', { cycle_view: cycleView });
  const base = `/workspaces/acme/projects/${project.id}`;
  const cycle = (body: Record<string, unknown>) =>
    harness.call('POST', `${base}/cycles/`, { project_id: project.id, ...body });
  return { ...harness, project, base, cycle };
}

describe('createPlaneSimulator cycles', () => {
  it('refuses cycles while cycle_view is off (the default) and without project_id in the body', async () => {
    const off = await setup(false);
    const on = await setup(true);

    const disabled = await off.cycle({
      name: 'S',
      start_date: '2026-11-26',
      end_date: '2026-12-10',
    });
    const noProject = await on.call('POST', `${on.base}/cycles/`, { name: 'S' });

    expect(disabled).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Cycles are not enabled for this project'] },
    });
    expect(noProject).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Project ID is required'] },
    });
  });

  it('needs both dates or neither, in order', async () => {
    const { cycle } = await setup();

    const onlyStart = await cycle({ name: 'S', start_date: '2026-11-26' });
    const reversed = await cycle({ name: 'S', start_date: '2026-12-26', end_date: '2026-12-01' });
    const draft = await cycle({ name: 'Draft' });

    expect(onlyStart).toMatchObject({
      status: 400,
      body: { error: 'Both start date and end date are either required or are to be null' },
    });
    expect(reversed).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Start date cannot exceed end date'] },
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ start_date: null, end_date: null });
  });

  it('stores a start of today as now, a past start at 00:00:01 and the end at 23:59:00, sort_order descending', async () => {
    const { cycle, clock } = await setup();

    const current = await cycle({ name: 'Now', start_date: '2026-11-26', end_date: '2026-12-10' });
    const past = await cycle({ name: 'Past', start_date: '2026-01-01', end_date: '2026-01-31' });

    expect(current.status).toBe(201);
    expect(Date.parse(current.body.start_date)).toBe(clock.now());
    expect(current.body.end_date).toBe('2026-12-10T23:59:00Z');
    expect(past.body.start_date).toBe('2026-01-01T00:00:01Z');
    expect([current.body.sort_order, past.body.sort_order]).toEqual([65535, 55535]);
    expect(current.body.owned_by).toBe(current.body.created_by);
  });

  it('refuses edits and new items on a completed cycle, but lets it be archived', async () => {
    const { cycle, call, base } = await setup();
    const past = await cycle({ name: 'Past', start_date: '2026-01-01', end_date: '2026-01-31' });
    const item = await call('POST', `${base}/work-items/`, { name: 'x' });

    const edit = await call('PATCH', `${base}/cycles/${past.body.id}/`, { name: 'y' });
    const add = await call('POST', `${base}/cycles/${past.body.id}/cycle-issues/`, {
      issues: [item.body.id],
    });
    const archive = await call('POST', `${base}/cycles/${past.body.id}/archive/`);
    const listed = await call('GET', `${base}/cycles/`);
    const archived = await call('GET', `${base}/archived-cycles/`);

    expect(edit).toMatchObject({
      status: 400,
      body: { error: 'The Cycle has already been completed so it cannot be edited' },
    });
    expect(add).toMatchObject({
      status: 400,
      body: {
        code: 'CYCLE_COMPLETED',
        message: 'The Cycle has already been completed so no new issues can be added',
      },
    });
    expect(archive.status).toBe(204);
    expect(listed.body.results).toEqual([]);
    expect(archived.body.results.map((row: any) => row.id)).toEqual([past.body.id]);
  });

  it("answers the recorded 404 for another project's cycle, as for a moved task added through its old project's path", async () => {
    const { call, base } = await setup();
    const beta = (
      await call('POST', '/workspaces/acme/projects/', {
        name: 'Beta',
        identifier: 'BETA',
        cycle_view: true,
      })
    ).body;
    const betaCycle = await call('POST', `/workspaces/acme/projects/${beta.id}/cycles/`, {
      project_id: beta.id,
      name: 'Beta',
      start_date: '2026-12-22',
      end_date: '2027-01-15',
    });
    const item = await call('POST', `${base}/work-items/`, { name: 'Copywriting' });

    // sync-traffic/plane-ce-1.3.1-with-odoo-17.jsonl line 202.
    const added = await call('POST', `${base}/cycles/${betaCycle.body.id}/cycle-issues/`, {
      issues: [item.body.id],
    });

    expect(added).toMatchObject({
      status: 404,
      body: { error: 'The requested resource does not exist.' },
    });
  });

  it('adds items with 200 and a bare array, moves an item between cycles, lists and removes them', async () => {
    const { cycle, call, base } = await setup();
    const first = await cycle({ name: 'A', start_date: '2026-11-26', end_date: '2026-12-10' });
    const second = await cycle({ name: 'B', start_date: '2026-12-11', end_date: '2026-12-20' });
    const item = await call('POST', `${base}/work-items/`, { name: 'x' });

    const added = await call('POST', `${base}/cycles/${first.body.id}/cycle-issues/`, {
      issues: [item.body.id],
    });
    const empty = await call('POST', `${base}/cycles/${first.body.id}/cycle-issues/`, {
      issues: [],
    });
    await call('POST', `${base}/cycles/${second.body.id}/cycle-issues/`, {
      issues: [item.body.id],
    });
    const firstItems = await call('GET', `${base}/cycles/${first.body.id}/cycle-issues/`);
    const secondItems = await call(
      'GET',
      `${base}/cycles/${second.body.id}/cycle-issues/?per_page=10`,
    );
    const removed = await call(
      'DELETE',
      `${base}/cycles/${second.body.id}/cycle-issues/${item.body.id}/`,
    );
    const current = await call('GET', `${base}/cycles/?cycle_view=current`);

    expect(added.status).toBe(200);
    expect(Object.keys(added.body[0])).toEqual([
      'id',
      'sub_issues_count',
      'created_at',
      'updated_at',
      'deleted_at',
      'created_by',
      'updated_by',
      'project',
      'workspace',
      'issue',
      'cycle',
    ]);
    expect(empty).toMatchObject({
      status: 400,
      body: { error: 'Work items are required', code: 'MISSING_WORK_ITEMS' },
    });
    expect(firstItems.body.results).toEqual([]);
    expect(secondItems.body.results.map((row: any) => row.id)).toEqual([item.body.id]);
    expect(removed.status).toBe(204);
    expect(Array.isArray(current.body)).toBe(true);
    expect(current.body.map((row: any) => row.id)).toEqual([first.body.id]);
    expect(current.body[0]).toMatchObject({ total_issues: 0, backlog_issues: 0 });
  });

  it('lists in a cycle only the items the project list shows: no archived item, no draft', async () => {
    const { cycle, call, base } = await setup();
    const sprint = await cycle({ name: 'A', start_date: '2026-11-26', end_date: '2026-12-10' });
    const kept = await call('POST', `${base}/work-items/`, { name: 'kept' });
    const archived = await call('POST', `${base}/work-items/`, { name: 'archived' });
    const draft = await call('POST', `${base}/work-items/`, { name: 'draft' });
    await call('POST', `${base}/cycles/${sprint.body.id}/cycle-issues/`, {
      issues: [kept.body.id, archived.body.id, draft.body.id],
    });
    await call('PATCH', `${base}/work-items/${archived.body.id}/`, {
      archived_at: '2026-11-27T10:00:00Z',
    });
    await call('PATCH', `${base}/work-items/${draft.body.id}/`, { is_draft: true });

    const inCycle = await call('GET', `${base}/cycles/${sprint.body.id}/cycle-issues/`);
    const inProject = await call('GET', `${base}/work-items/`);

    expect(inCycle.body.results.map((row: any) => row.id)).toEqual([kept.body.id]);
    expect(inProject.body.results.map((row: any) => row.id)).toEqual([kept.body.id]);
  });

  it('transfers unfinished items out of a completed cycle into one that is not', async () => {
    const { cycle, call, base, clock } = await setup();
    const open = await cycle({ name: 'Open', start_date: '2026-11-26', end_date: '2026-12-10' });
    const item = await call('POST', `${base}/work-items/`, { name: 'x' });
    await call('POST', `${base}/cycles/${open.body.id}/cycle-issues/`, { issues: [item.body.id] });
    const later = await cycle({ name: 'Later', start_date: '2026-12-20', end_date: '2026-12-30' });
    await clock.set(Date.parse('2026-12-15T00:00:00Z'));

    const transferred = await call('POST', `${base}/cycles/${open.body.id}/transfer-issues/`, {
      new_cycle_id: later.body.id,
    });
    const listed = await call('GET', `${base}/cycles/${later.body.id}/cycle-issues/`);

    expect(transferred).toMatchObject({ status: 200, body: { message: 'Success' } });
    expect(listed.body.results.map((row: any) => row.id)).toEqual([item.body.id]);
  });
});
