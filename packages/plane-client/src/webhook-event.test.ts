import { describe, expect, it } from 'vitest';
import { loadDelivery } from './test-support/fixture-replay.js';
import { parsePlaneWebhook } from './webhook-event.js';

const ADMIN = '2f54c39f-4a37-4898-9503-32eb19237737';
const PROJECT = '530b4f64-0f03-4cec-ae0d-3b197e3432ff';
const WORK_ITEM = '74f009c7-5fa7-4978-b660-ebd27a56e70d';

describe('parsePlaneWebhook', () => {
  it('parses a work-item created delivery (091) with null activity values', () => {
    const event = parsePlaneWebhook(loadDelivery('091').delivery.rawBody)._unsafeUnwrap();

    expect(event).toMatchObject({
      event: 'issue',
      action: 'created',
      webhookId: '78a8a7fc-2ced-47b1-97dd-270e50d1472e',
      workspaceId: 'c81d2425-8a09-4dca-80f1-a2a332c93212',
      entityId: WORK_ITEM,
      projectId: PROJECT,
      workItemId: WORK_ITEM,
      activity: { field: null, newValue: null, oldValue: null, actorId: ADMIN },
    });
    expect(event.activity.actor).toMatchObject({ id: ADMIN, email: 'admin@example.com' });
    expect(event.data['state']).toMatchObject({ group: 'backlog' });
  });

  it('parses one delivery per changed field (092, 093)', () => {
    const fields = ['092', '093'].map(
      (number) => parsePlaneWebhook(loadDelivery(number).delivery.rawBody)._unsafeUnwrap().activity,
    );

    expect(fields.map((activity) => activity.field).sort()).toEqual(['name', 'priority']);
    expect(fields.find((activity) => activity.field === 'name')).toMatchObject({
      oldValue: 'Webhook item 090300',
      newValue: 'Webhook item renamed 090300',
    });
  });

  it('parses a state change (094) with the state ids as values', () => {
    const event = parsePlaneWebhook(loadDelivery('094').delivery.rawBody)._unsafeUnwrap();

    expect(event.activity).toMatchObject({
      field: 'state',
      oldValue: '10d7c481-e651-4f84-baaf-3452fe665502',
      newValue: 'ff1347e0-1e49-46b6-ab9b-862271bca5e2',
    });
  });

  it('gives the work item of a comment delivery (095)', () => {
    const event = parsePlaneWebhook(loadDelivery('095').delivery.rawBody)._unsafeUnwrap();

    expect(event).toMatchObject({
      event: 'issue_comment',
      action: 'created',
      entityId: 'af2bec0b-8c2a-4c94-aa7f-2f36ab0b6903',
      projectId: PROJECT,
      workItemId: WORK_ITEM,
    });
  });

  it('parses cycle (096, 100) and project (097) deliveries', () => {
    const cycleCreated = parsePlaneWebhook(loadDelivery('096').delivery.rawBody)._unsafeUnwrap();
    const cycleUpdated = parsePlaneWebhook(loadDelivery('100').delivery.rawBody)._unsafeUnwrap();
    const projectUpdated = parsePlaneWebhook(loadDelivery('097').delivery.rawBody)._unsafeUnwrap();

    expect(cycleCreated).toMatchObject({
      event: 'cycle',
      action: 'created',
      projectId: PROJECT,
      workItemId: null,
    });
    expect(cycleUpdated.activity).toMatchObject({
      field: 'name',
      newValue: 'Sprint renamed again 090347',
    });
    expect(projectUpdated).toMatchObject({
      event: 'project',
      action: 'updated',
      entityId: PROJECT,
      projectId: PROJECT,
      activity: { field: 'description', oldValue: 'created by the fixture recorder' },
    });
  });

  it('parses a project deleted delivery (101) whose data is only the id', () => {
    const event = parsePlaneWebhook(loadDelivery('101').delivery.rawBody)._unsafeUnwrap();

    expect(event).toMatchObject({
      event: 'project',
      action: 'deleted',
      entityId: 'e440adae-b5d8-4896-89f6-8d80f1e69fd7',
      data: { id: 'e440adae-b5d8-4896-89f6-8d80f1e69fd7' },
    });
  });

  it('accepts the raw bytes of a delivery', () => {
    const bytes = new TextEncoder().encode(loadDelivery('091').delivery.rawBody);

    expect(parsePlaneWebhook(bytes).isOk()).toBe(true);
  });

  it('refuses a body that is not JSON', () => {
    expect(parsePlaneWebhook('event=issue')._unsafeUnwrapErr()).toEqual({
      kind: 'invalid-webhook',
      issues: [{ path: [], message: 'The body is not JSON.' }],
    });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(parsePlaneWebhook(new Uint8Array([0xff, 0xfe, 0x7b]))._unsafeUnwrapErr().kind).toBe(
      'invalid-webhook',
    );
  });

  it('names the offending fields of a payload that is not a Plane delivery', () => {
    const error = parsePlaneWebhook(
      JSON.stringify({ event: 'workitem.updated', action: 'updated', data: {} }),
    )._unsafeUnwrapErr();

    expect(error.issues.map((issue) => issue.path[0])).toEqual(
      expect.arrayContaining(['event', 'webhook_id', 'workspace_id']),
    );
  });
});
