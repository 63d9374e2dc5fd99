/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any -- wire JSON is probed field by field */
import { describe, expect, it } from 'vitest';
import { createPlaneHarness } from '../test-support.js';

async function setup(moduleView = true) {
  const harness = createPlaneHarness({
    fetch: () => Promise.resolve(new Response(null, { status: 200 })),
  });
  const project = await harness.project('Alpha', 'ALPHA', { module_view: moduleView });
  const base = `/workspaces/acme/projects/${project.id}`;
  return { ...harness, project, base };
}

describe('createPlaneSimulator modules', () => {
  it('refuses modules while module_view is off (the default)', async () => {
    const { call, base } = await setup(false);

    const refused = await call('POST', `${base}/modules/`, { name: 'M' });

    expect(refused).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Modules are not enabled for this project'] },
    });
  });

  it('creates a module, drops non-member members and answers a duplicate name with 400', async () => {
    const { call, base, plane } = await setup();
    const stranger = plane.addUser({ email: 'stranger@example.com' });

    const created = await call('POST', `${base}/modules/`, {
      name: 'M',
      start_date: '2026-12-01',
      target_date: '2026-12-31',
      members: [plane.botUserId, stranger.id],
    });
    const duplicate = await call('POST', `${base}/modules/`, { name: 'M' });
    const reversed = await call('POST', `${base}/modules/`, {
      name: 'N',
      start_date: '2026-12-31',
      target_date: '2026-12-01',
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'M',
      status: 'planned',
      members: [plane.botUserId],
      total_issues: 0,
    });
    expect(Object.keys(created.body).slice(-6)).toEqual([
      'created_by',
      'updated_by',
      'project',
      'workspace',
      'lead',
      'members',
    ]);
    expect(duplicate).toMatchObject({
      status: 400,
      body: {
        id: created.body.id,
        code: 'MODULE_NAME_ALREADY_EXISTS',
        error: 'Module with this name already exists',
      },
    });
    expect(reversed).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Start date cannot exceed target date'] },
    });
  });

  it('keeps a work item in several modules and archives only finished modules', async () => {
    const { call, base } = await setup();
    const item = await call('POST', `${base}/work-items/`, { name: 'x' });
    const first = await call('POST', `${base}/modules/`, { name: 'A' });
    const second = await call('POST', `${base}/modules/`, { name: 'B', status: 'completed' });

    const added = await call('POST', `${base}/modules/${first.body.id}/module-issues/`, {
      issues: [item.body.id],
    });
    await call('POST', `${base}/modules/${second.body.id}/module-issues/`, {
      issues: [item.body.id],
    });
    const inFirst = await call('GET', `${base}/modules/${first.body.id}/module-issues/`);
    const inSecond = await call('GET', `${base}/modules/${second.body.id}/module-issues/`);
    const archiveOpen = await call('POST', `${base}/modules/${first.body.id}/archive/`);
    const archiveDone = await call('POST', `${base}/modules/${second.body.id}/archive/`);
    const listed = await call('GET', `${base}/modules/`);

    expect(added.status).toBe(200);
    expect(added.body[0]).toMatchObject({ module: first.body.id, issue: item.body.id });
    expect(inFirst.body.results.map((row: any) => row.id)).toEqual([item.body.id]);
    expect(inSecond.body.results.map((row: any) => row.id)).toEqual([item.body.id]);
    expect(archiveOpen).toMatchObject({
      status: 400,
      body: { error: 'Only completed or cancelled modules can be archived' },
    });
    expect(archiveDone.status).toBe(204);
    expect(listed.body.results.map((row: any) => row.id)).toEqual([first.body.id]);
    expect(listed.body.results[0].total_issues).toBe(1);
  });

  it('sends module created and per-field updated webhooks', async () => {
    const { call, base, plane } = await setup();
    plane.addWebhook({ url: 'https://hooks.example/plane', secret: 's' });

    const created = await call('POST', `${base}/modules/`, { name: 'A' });
    await call('PATCH', `${base}/modules/${created.body.id}/`, {
      name: 'B',
      status: 'in-progress',
    });
    await plane.settleWebhooks();

    expect(
      plane.webhookDeliveries.map((delivery) => {
        const payload = JSON.parse(delivery.rawBody);
        return [payload.event, payload.action, payload.activity.field];
      }),
    ).toEqual([
      ['module', 'created', null],
      ['module', 'updated', 'name'],
      ['module', 'updated', 'status'],
    ]);
  });
});
