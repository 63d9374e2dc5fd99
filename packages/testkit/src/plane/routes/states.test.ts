/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- wire JSON is probed field by field */
import { describe, expect, it } from 'vitest';
import { createPlaneHarness } from '../test-support.js';

describe('createPlaneSimulator states and labels', () => {
  it('creates a state with 200, a slug and sequence max + 15000, and refuses a duplicate name with 409', async () => {
    const harness = createPlaneHarness();
    const project = await harness.project();
    const path = `/workspaces/acme/projects/${project.id}/states/`;

    const created = await harness.call('POST', path, {
      name: 'Review Now',
      color: '#ff8800',
      group: 'started',
    });
    const duplicate = await harness.call('POST', path, { name: 'Review Now', color: '#000000' });
    const badGroup = await harness.call('POST', path, {
      name: 'X',
      color: '#000000',
      group: 'doing',
    });
    const missing = await harness.call('POST', path, { name: 'Y' });

    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'Review Now',
      slug: 'review-now',
      sequence: 70000,
      group: 'started',
      default: false,
      is_triage: false,
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      error: 'State with the same name already exists in the project',
      id: created.body.id,
    });
    expect(badGroup.body).toEqual({ group: ['"doing" is not a valid choice.'] });
    expect(missing.body).toEqual({ color: ['This field is required.'] });
  });

  it('refuses to delete the default state or a state in use, and deletes an empty one', async () => {
    const harness = createPlaneHarness();
    const project = await harness.project();
    const base = `/workspaces/acme/projects/${project.id}`;
    const states = (await harness.call('GET', `${base}/states/`)).body.results;
    await harness.call('POST', `${base}/work-items/`, { name: 'x', state: states[1].id });

    const deleteDefault = await harness.call('DELETE', `${base}/states/${states[0].id}/`);
    const deleteUsed = await harness.call('DELETE', `${base}/states/${states[1].id}/`);
    const deleteEmpty = await harness.call('DELETE', `${base}/states/${states[2].id}/`);

    expect(deleteDefault).toMatchObject({
      status: 400,
      body: { error: 'Default state cannot be deleted' },
    });
    expect(deleteUsed).toMatchObject({
      status: 400,
      body: { error: 'The state is not empty, only empty states can be deleted' },
    });
    expect(deleteEmpty.status).toBe(204);
  });

  it('creates labels with 201 and answers 409 for a duplicate name or external id', async () => {
    const harness = createPlaneHarness();
    const project = await harness.project();
    const path = `/workspaces/acme/projects/${project.id}/labels/`;

    const first = await harness.call('POST', path, {
      name: 'shipped',
      color: '#00aa00',
      external_id: '1',
      external_source: 'odoo',
    });
    const second = await harness.call('POST', path, { name: 'deployed' });
    const sameName = await harness.call('POST', path, { name: 'shipped' });
    const sameExternal = await harness.call('POST', path, {
      name: 'other',
      external_id: '1',
      external_source: 'odoo',
    });

    expect(first.status).toBe(201);
    expect(Object.keys(first.body)).toEqual([
      'id',
      'created_at',
      'updated_at',
      'deleted_at',
      'name',
      'description',
      'color',
      'sort_order',
      'external_source',
      'external_id',
      'created_by',
      'updated_by',
      'workspace',
      'project',
      'parent',
    ]);
    expect([first.body.sort_order, second.body.sort_order]).toEqual([65535, 75535]);
    expect(sameName).toMatchObject({
      status: 409,
      body: { error: 'Label with the same name already exists in the project', id: first.body.id },
    });
    expect(sameExternal).toMatchObject({
      status: 409,
      body: {
        error: 'Label with the same external id and external source already exists',
        id: first.body.id,
      },
    });
  });
});
