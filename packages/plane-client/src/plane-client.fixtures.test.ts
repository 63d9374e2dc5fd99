import { createFakeClock } from '@odoo-plane-sync/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createReplayServer,
  loadExchange,
  type RecordedExchange,
} from './test-support/fixture-replay.js';
import { createPlaneClient, type PlaneClientOptions } from './plane-client.js';
import type { PlanePage, PlaneWorkItem } from './types.js';

// Every method decoded against what a real Plane CE 1.3.1 answered, and every request compared with
// the one that produced the recording.

const ORIGIN = 'http://plane.test';
const PROJECT = '530b4f64-0f03-4cec-ae0d-3b197e3432ff';
const FIRST = '27eed7e0-94e9-49ec-86a4-4c8d59e337c4';
const SECOND = 'c82aa4ec-a9af-4161-9fe6-a90c1e0fa030';
const EXT_ITEM = 'ebcb0406-8641-470d-ae0a-97f62c685b6e';
const CYCLE = '588667fc-d4ac-4c60-b107-028c9689ec94';
const PAST_CYCLE = 'c1c9ec18-7463-432a-8a47-8821a85fcc66';
const ADMIN = '2f54c39f-4a37-4898-9503-32eb19237737';
const NIL = '00000000-0000-0000-0000-000000000000';

const server = createReplayServer(ORIGIN);
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

function plane(options: Partial<PlaneClientOptions> = {}) {
  return createPlaneClient({
    baseUrl: ORIGIN,
    apiKey: 'plane_api_test',
    workspaceSlug: 'sync-test',
    // The recording's "now": the cycle created at 09:01:36 is current, the January one completed.
    clock: createFakeClock({ start: Date.parse('2026-11-26T09:05:00Z') }),
    random: () => 0,
    ...options,
  });
}

/** A recorded exchange with another path or response, for requests the recording has no twin of. */
function variant(
  number: string,
  change: { path?: string; method?: string; status?: number; body?: unknown },
): RecordedExchange {
  const base = loadExchange(number);
  return {
    ...base,
    request: {
      ...base.request,
      ...(change.path === undefined ? {} : { path: change.path }),
      ...(change.method === undefined ? {} : { method: change.method }),
    },
    response: {
      ...base.response,
      ...(change.status === undefined ? {} : { status: change.status }),
      ...(change.body === undefined ? {} : { body: change.body }),
    },
  };
}

/** The body the client sent must equal the recorded request body. */
function expectRecordedBody(callIndex: number, number: string): void {
  expect(server.calls[callIndex]?.body).toEqual(loadExchange(number).request.body);
}

describe('createPlaneClient against recorded Plane CE 1.3.1 exchanges', () => {
  describe('users and members', () => {
    it('decodes users/me as a camelCase user', async () => {
      server.use('001');

      const me = await plane().getMe();

      expect(me._unsafeUnwrap()).toEqual({
        id: ADMIN,
        email: 'admin@example.com',
        displayName: 'admin',
        firstName: 'Admin',
        lastName: 'Local',
      });
    });

    it('decodes workspace members with role and project members without', async () => {
      server.use('035', '036');
      const client = plane();

      const workspace = await client.listWorkspaceMembers();
      const project = await client.listProjectMembers(PROJECT);

      expect(workspace._unsafeUnwrap().map((member) => [member.email, member.role])).toEqual([
        ['member2@example.com', 15],
        ['admin@example.com', 20],
      ]);
      expect(project._unsafeUnwrap()).toEqual([
        expect.objectContaining({ id: ADMIN, role: null, displayName: 'admin' }),
      ]);
    });
  });

  describe('projects', () => {
    it('creates a project with the recorded body and decodes the answer', async () => {
      server.use('004');

      const created = await plane().createProject({
        name: 'Fixture project 090129',
        identifier: 'F090129',
        description: 'created by the fixture recorder',
      });

      expectRecordedBody(0, '004');
      expect(created._unsafeUnwrap()).toMatchObject({
        id: PROJECT,
        identifier: 'F090129',
        cycleView: false,
        moduleView: false,
        projectLeadId: null,
        archivedAt: null,
      });
    });

    it('returns the identifier and name rules as http errors with Plane bodies', async () => {
      server.use('005', '006', '007', '008');
      const client = plane();

      const results = [
        await client.createProject({ name: 'Dash project 090129', identifier: 'FX-0901' }),
        await client.createProject({ name: 'Long ident 090129', identifier: 'ABCDEFGHIJKLM' }),
        await client.createProject({ name: 'Paren (project) 090129', identifier: 'PAR0901' }),
        await client.createProject({ name: 'Dup ident 090129', identifier: 'SYNC' }),
      ];

      expect(results.map((result) => result._unsafeUnwrapErr())).toEqual([
        expect.objectContaining({
          kind: 'http',
          status: 400,
          retryable: false,
          body: { non_field_errors: ['Project identifier cannot contain special characters.'] },
        }),
        expect.objectContaining({
          status: 400,
          body: { identifier: ['Ensure this field has no more than 12 characters.'] },
        }),
        expect.objectContaining({
          status: 400,
          body: { non_field_errors: ['Project name cannot contain special characters.'] },
        }),
        expect.objectContaining({
          status: 409,
          body: { name: 'The project name is already taken' },
        }),
      ]);
    });

    it('reads back the upper-cased identifier Plane stores', async () => {
      server.use('010');

      const created = await plane().createProject({
        name: 'Lower ident 090129',
        identifier: 'lw090129',
      });

      expect(created._unsafeUnwrap().identifier).toBe('LW090129');
    });

    it('gets one project and walks every page of the project list', async () => {
      const firstPage = loadExchange('012');
      const lastPageBody = {
        ...(firstPage.response.body as Record<string, unknown>),
        next_cursor: '2:2:0',
        next_page_results: false,
        prev_page_results: true,
        count: 1,
        results: [loadExchange('011').response.body],
      };
      server.use('011', '012');
      server.useExchange(
        variant('012', {
          path: '/api/v1/workspaces/sync-test/projects/?cursor=2:1:0',
          body: lastPageBody,
        }),
      );
      const client = plane();

      const one = await client.getProject(PROJECT);
      const all = await client.listProjects();

      expect(one._unsafeUnwrap().name).toBe('Fixture project 090129');
      expect(all._unsafeUnwrap().map((project) => project.identifier)).toEqual([
        'SYNC',
        'DZNIQ',
        'F090129',
      ]);
      expect(server.calls.slice(1).map((call) => call.url.searchParams.get('cursor'))).toEqual([
        null,
        '2:1:0',
      ]);
    });

    it('patches cycle_view and maps an unknown project or workspace to 404 / 403', async () => {
      server.use('049', '081', '082');
      const client = plane();

      const patched = await client.updateProject(PROJECT, { cycleView: true });
      const missing = await client.getProject('ab54bbd3-0e40-4fe8-909f-8cd1ce407920');
      const otherWorkspace = await plane({ workspaceSlug: 'no-such-ws' }).listProjects();

      expectRecordedBody(0, '049');
      expect(patched._unsafeUnwrap().cycleView).toBe(true);
      expect(missing._unsafeUnwrapErr()).toMatchObject({
        kind: 'http',
        status: 404,
        body: { error: 'The requested resource does not exist.' },
      });
      expect(otherWorkspace._unsafeUnwrapErr()).toMatchObject({ kind: 'http', status: 403 });
    });
  });

  describe('states and labels', () => {
    it('decodes the state list envelope, a created state (200) and a duplicate name (409)', async () => {
      server.use('013', '014', '015');
      const client = plane();

      const states = await client.listStates(PROJECT);
      const created = await client.createState(PROJECT, {
        name: 'Review 090129',
        color: '#ff8800',
        group: 'started',
      });
      const duplicate = await client.createState(PROJECT, {
        name: 'Review 090129',
        color: '#ff8800',
        group: 'started',
      });

      expect(
        states._unsafeUnwrap().map((state) => [state.name, state.group, state.isDefault]),
      ).toEqual([
        ['Backlog', 'backlog', true],
        ['Todo', 'unstarted', false],
        ['In Progress', 'started', false],
        ['Done', 'completed', false],
        ['Cancelled', 'cancelled', false],
      ]);
      expectRecordedBody(1, '014');
      expect(created._unsafeUnwrap()).toMatchObject({
        name: 'Review 090129',
        sequence: 70000,
        projectId: PROJECT,
      });
      expect(duplicate._unsafeUnwrapErr()).toMatchObject({
        status: 409,
        body: { id: '18f05cbd-eaa8-4162-a0fb-f835d42e3c21' },
      });
    });

    it('creates a label and sets it on a work item', async () => {
      server.use('077', '078');
      const client = plane();

      const label = await client.createLabel(PROJECT, { name: 'sync-090129', color: '#00aa00' });
      const item = await client.updateWorkItem(PROJECT, FIRST, {
        labelIds: [label._unsafeUnwrap().id],
      });

      expectRecordedBody(0, '077');
      expectRecordedBody(1, '078');
      expect(item._unsafeUnwrap().labelIds).toEqual(['7e3a3603-6827-4d63-9276-8b580424d888']);
    });
  });

  describe('work items', () => {
    it('creates a work item with the recorded body and decodes a camelCase item', async () => {
      server.use('016');

      const result = await plane().createWorkItem(PROJECT, {
        name: 'First item 090129',
        descriptionHtml: '<p>Hello <b>world</b></p>',
        priority: 'high',
        stateId: '9a54237d-50d4-4a5a-8978-dcf55ee7c031',
        startDate: '2026-11-26',
        targetDate: '2026-12-03',
      });

      expectRecordedBody(0, '016');
      expect(result._unsafeUnwrap()).toMatchObject({
        created: true,
        workItem: {
          id: FIRST,
          projectId: PROJECT,
          sequenceId: 1,
          stateId: '9a54237d-50d4-4a5a-8978-dcf55ee7c031',
          priority: 'high',
          startDate: '2026-11-26',
          targetDate: '2026-12-03',
          assigneeIds: [],
          labelIds: [],
          parentId: null,
          externalId: null,
          createdById: ADMIN,
          updatedById: null,
        },
      });
    });

    it('decodes an expanded work item: ids plus the embedded state', async () => {
      server.use('020');

      const item = await plane().getWorkItem(PROJECT, FIRST, {
        expand: ['state', 'assignees', 'labels'],
      });

      expect(server.calls[0]!.url.searchParams.get('expand')).toBe('state,assignees,labels');
      expect(item._unsafeUnwrap()).toMatchObject({
        stateId: '9a54237d-50d4-4a5a-8978-dcf55ee7c031',
        state: { id: '9a54237d-50d4-4a5a-8978-dcf55ee7c031', name: 'Todo', group: 'unstarted' },
      });
    });

    it('patches two fields and gets a sub-item with its parent', async () => {
      server.use('021', '045');
      const client = plane();

      const patched = await client.updateWorkItem(PROJECT, FIRST, {
        name: 'First item renamed 090129',
        priority: 'urgent',
      });
      const child = await client.createWorkItem(PROJECT, {
        name: 'Sub item 090129',
        parentId: FIRST,
      });

      expectRecordedBody(0, '021');
      expectRecordedBody(1, '045');
      expect(patched._unsafeUnwrap()).toMatchObject({
        name: 'First item renamed 090129',
        priority: 'urgent',
        updatedById: ADMIN,
      });
      expect(child._unsafeUnwrap().workItem.parentId).toBe(FIRST);
    });

    it('pages through the work-item list with the pagination envelope and cursor', async () => {
      server.use('022', '023');
      const pages: PlanePage<PlaneWorkItem>[] = [];

      for await (const page of plane().iterateWorkItems(PROJECT, { perPage: 2 }))
        pages.push(page._unsafeUnwrap());

      expect(pages.map((page) => page.results.map((item) => item.sequenceId))).toEqual([
        [3, 2],
        [1],
      ]);
      expect(pages[0]).toMatchObject({
        nextCursor: '2:1:0',
        prevCursor: null,
        count: 2,
        totalCount: 3,
        totalPages: 2,
      });
      expect(pages[1]).toMatchObject({ nextCursor: null, prevCursor: '2:0:1', count: 1 });
      expect(server.calls.map((call) => call.url.search)).toEqual([
        '?per_page=2',
        '?per_page=2&cursor=2%3A1%3A0',
      ]);
    });

    it('returns a too-large page size and a bad cursor as 400 http errors', async () => {
      server.use('025', '026');
      const client = plane();

      const tooLarge = await client.listWorkItems(PROJECT, { perPage: 1001 });
      const badCursor = await client.listWorkItems(PROJECT, { perPage: 2, cursor: 'garbage' });

      expect(tooLarge._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { detail: 'Invalid per_page value. Cannot exceed 1000.' },
      });
      expect(badCursor._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { detail: 'Invalid cursor parameter.' },
      });
    });

    it('gets a work item by key, upper-casing the project identifier', async () => {
      server.use('027', '027');
      const client = plane();

      const exact = await client.getWorkItemByIdentifier('F090129-1');
      const lower = await client.getWorkItemByIdentifier('f090129-1');

      expect(exact._unsafeUnwrap().id).toBe(FIRST);
      expect(lower._unsafeUnwrap().id).toBe(FIRST);
      expect(server.calls[1]!.url.pathname).toBe(
        '/api/v1/workspaces/sync-test/work-items/F090129-1/',
      );
    });

    it('resolves a duplicate external id (409) to the existing item with created: false', async () => {
      server.use('029', '030');
      server.useExchange(
        variant('031', {
          path: `/api/v1/workspaces/sync-test/projects/${PROJECT}/work-items/${EXT_ITEM}/`,
        }),
      );
      const client = plane();
      const input = {
        name: 'Ext item 090129',
        externalId: 'odoo-task-42-090129',
        externalSource: 'odoo',
      };

      const first = await client.createWorkItem(PROJECT, input);
      const again = await client.createWorkItem(PROJECT, {
        ...input,
        name: 'Ext item again 090129',
      });

      expectRecordedBody(0, '029');
      expect(first._unsafeUnwrap()).toMatchObject({ created: true, workItem: { id: EXT_ITEM } });
      expect(again._unsafeUnwrap()).toMatchObject({
        created: false,
        workItem: { id: EXT_ITEM, externalId: 'odoo-task-42-090129' },
      });
    });

    it('keeps a 409 on a create without external key as an error', async () => {
      server.useExchange(
        variant('030', { path: `/api/v1/workspaces/sync-test/projects/${PROJECT}/work-items/` }),
      );

      const result = await plane().createWorkItem(PROJECT, { name: 'No key' });

      expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'http', status: 409 });
      expect(server.calls).toHaveLength(1);
    });

    it('finds a work item by external id, or null when Plane answers 404', async () => {
      server.use('031', '032');
      const client = plane();

      const found = await client.findWorkItemByExternalId(PROJECT, 'odoo-task-42-090129', 'odoo');
      const missing = await client.findWorkItemByExternalId(PROJECT, 'nope-090129', 'odoo');

      expect(found._unsafeUnwrap()).toMatchObject({ id: EXT_ITEM, externalSource: 'odoo' });
      expect(missing._unsafeUnwrap()).toBeNull();
    });

    it('returns validation failures with the field-shaped bodies', async () => {
      server.use('033', '034', '040', '043', '044');
      const client = plane();

      const bodies = [
        await client.createWorkItem(PROJECT, { name: 'Bad prio', priority: 'critical' as 'high' }),
        await client.createWorkItem(PROJECT, {
          name: 'Foreign state',
          stateId: 'cb87ce07-3f14-4377-a82e-00c86651258b',
        }),
        await client.createWorkItem(PROJECT, { priority: 'low' } as unknown as { name: string }),
        await client.createWorkItem(PROJECT, {
          name: 'Bad dates',
          startDate: '2026-12-10',
          targetDate: '2026-12-01',
        }),
        await client.createWorkItem(PROJECT, {
          name: 'Bad parent',
          parentId: 'a330b154-9ad9-471f-8d9d-1a643b11d8b6',
        }),
      ].map((result) => {
        const error = result._unsafeUnwrapErr();
        return error.kind === 'http' ? [error.status, error.body] : error.kind;
      });

      expect(bodies).toEqual([
        [400, { priority: ['"critical" is not a valid choice.'] }],
        [400, { non_field_errors: ['State is not valid please pass a valid state_id'] }],
        [400, { name: ['This field is required.'] }],
        [400, { non_field_errors: ['Start date cannot exceed target date'] }],
        [400, { non_field_errors: ['Parent is not valid issue_id please pass a valid issue_id'] }],
      ]);
    });

    it('keeps only project members among assignees, as Plane answers', async () => {
      server.use('037');

      const result = await plane().createWorkItem(PROJECT, {
        name: 'Assignee test 090129',
        assigneeIds: [ADMIN, '20f48563-4b7c-4200-bcc4-43c1e3656883'],
      });

      expectRecordedBody(0, '037');
      expect(result._unsafeUnwrap().workItem.assigneeIds).toEqual([ADMIN]);
    });

    it('deletes a work item, after which it is not found', async () => {
      server.use('046', '047');
      const client = plane();
      const deleted = 'a74e9411-cb9f-4532-a0e9-c5a58619d5d2';

      const removal = await client.deleteWorkItem(PROJECT, deleted);
      const after = await client.getWorkItem(PROJECT, deleted);

      expect(removal.isOk()).toBe(true);
      expect(after._unsafeUnwrapErr()).toMatchObject({ status: 404 });
    });
  });

  describe('cycles', () => {
    it('refuses cycles while cycle_view is off, and sends project_id in the body', async () => {
      server.use('048', '052');
      const client = plane();
      const input = { name: 'Sprint 090129', startDate: '2026-11-26', endDate: '2026-12-10' };

      const refused = await client.createCycle(PROJECT, input);
      const created = await client.createCycle(PROJECT, input);

      expectRecordedBody(0, '048');
      expect(refused._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { non_field_errors: ['Cycles are not enabled for this project'] },
      });
      expect(created._unsafeUnwrap()).toMatchObject({
        created: true,
        cycle: {
          id: CYCLE,
          projectId: PROJECT,
          startDate: '2026-11-26T09:01:36.038526Z',
          endDate: '2026-12-10T23:59:00Z',
          status: 'current',
          ownedById: ADMIN,
        },
      });
    });

    it('returns the both-dates-or-neither rule as an http error', async () => {
      server.use('051');

      const result = await plane().createCycle(PROJECT, {
        name: 'Half 090129',
        startDate: '2026-11-26',
      });

      expectRecordedBody(0, '051');
      expect(result._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { error: 'Both start date and end date are either required or are to be null' },
      });
    });

    it('adds work items, lists them and the cycles', async () => {
      server.use('053', '054', '055');
      const client = plane();

      const added = await client.addCycleWorkItems(PROJECT, CYCLE, [FIRST, SECOND]);
      const items = await client.listCycleWorkItems(PROJECT, CYCLE);
      const cycles = await client.listCycles(PROJECT);

      expectRecordedBody(0, '053');
      expect(added._unsafeUnwrap().map((entry) => [entry.workItemId, entry.cycleId])).toEqual([
        [FIRST, CYCLE],
        [SECOND, CYCLE],
      ]);
      expect(items._unsafeUnwrap().map((item) => item.id)).toEqual([FIRST, SECOND]);
      expect(cycles._unsafeUnwrap()).toEqual([
        expect.objectContaining({ id: CYCLE, status: 'current' }),
      ]);
    });

    it('marks an ended cycle completed and returns its refusals', async () => {
      server.use('056', '057', '058');
      const client = plane();

      const past = await client.createCycle(PROJECT, {
        name: 'Past sprint 090129',
        startDate: '2026-01-01',
        endDate: '2026-01-31',
      });
      const add = await client.addCycleWorkItems(PROJECT, PAST_CYCLE, [EXT_ITEM]);
      const edit = await client.updateCycle(PROJECT, PAST_CYCLE, { name: 'Renamed past 090129' });

      expect(past._unsafeUnwrap().cycle.status).toBe('completed');
      expect(add._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { code: 'CYCLE_COMPLETED' },
      });
      expect(edit._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { error: 'The Cycle has already been completed so it cannot be edited' },
      });
    });

    it('renames a current cycle', async () => {
      server.use('059');

      const renamed = await plane().updateCycle(PROJECT, CYCLE, { name: 'Sprint renamed 090129' });

      expectRecordedBody(0, '059');
      expect(renamed._unsafeUnwrap().name).toBe('Sprint renamed 090129');
    });
  });

  describe('relations', () => {
    it('creates a relation and lists it from both sides (CE object form)', async () => {
      server.use('060', '061', '062');
      const client = plane();

      const created = await client.createRelation(PROJECT, FIRST, {
        relationType: 'blocked_by',
        workItemIds: [SECOND],
      });
      const fromFirst = await client.listRelations(PROJECT, FIRST);
      const fromSecond = await client.listRelations(PROJECT, SECOND);

      expectRecordedBody(0, '060');
      expect(created._unsafeUnwrap()).toEqual([
        {
          workItemId: SECOND,
          projectId: PROJECT,
          sequenceId: 2,
          relationType: 'blocked_by',
          name: 'Second item 090129',
        },
      ]);
      expect(fromFirst._unsafeUnwrap()).toMatchObject({
        blockedBy: [SECOND],
        blocking: [],
        relatesTo: [],
      });
      expect(fromSecond._unsafeUnwrap()).toMatchObject({ blocking: [FIRST], blockedBy: [] });
    });

    it('decodes the Cloud uuid form of the relation lists', async () => {
      server.useExchange(
        variant('061', {
          body: {
            blocking: [],
            blocked_by: [SECOND],
            duplicate: [],
            relates_to: [EXT_ITEM],
            start_after: [],
            start_before: [],
            finish_after: [],
            finish_before: [],
          },
        }),
      );

      const relations = await plane().listRelations(PROJECT, FIRST);

      expect(relations._unsafeUnwrap()).toMatchObject({
        blockedBy: [SECOND],
        relatesTo: [EXT_ITEM],
      });
    });

    it('reports the stored type of a reverse relation and the empty answer for a second type', async () => {
      server.use('063', '065', '066');
      const client = plane();

      const secondType = await client.createRelation(PROJECT, FIRST, {
        relationType: 'relates_to',
        workItemIds: [SECOND],
      });
      const reverse = await client.createRelation(PROJECT, FIRST, {
        relationType: 'blocking',
        workItemIds: [EXT_ITEM],
      });
      const invalid = await client.createRelation(PROJECT, FIRST, {
        relationType: 'parent_of' as 'blocking',
        workItemIds: [EXT_ITEM],
      });

      expect(secondType._unsafeUnwrap()).toEqual([]);
      expect(reverse._unsafeUnwrap()).toEqual([
        expect.objectContaining({ workItemId: EXT_ITEM, relationType: 'blocked_by' }),
      ]);
      expect(invalid._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { relation_type: ['"parent_of" is not a valid choice.'] },
      });
    });

    it('refuses relation removal on CE without sending a request', async () => {
      const removal = await plane().removeRelation(PROJECT, FIRST, SECOND);

      expect(removal._unsafeUnwrapErr()).toMatchObject({
        kind: 'unsupported',
        operation: 'relation-removal',
      });
      expect(server.calls).toHaveLength(0);
    });

    it('turns the CE 404 of relations/remove/ into unsupported when told the server is Cloud', async () => {
      server.use('067');

      const removal = await plane({ edition: 'cloud' }).removeRelation(PROJECT, FIRST, SECOND);

      expectRecordedBody(0, '067');
      expect(removal._unsafeUnwrapErr()).toMatchObject({ kind: 'unsupported' });
    });

    it('detects the bot user and the missing relation removal once, then answers from cache', async () => {
      server.use('001', '035');
      server.useExchange(
        variant('067', {
          path: `/api/v1/workspaces/sync-test/projects/${NIL}/work-items/${NIL}/relations/remove/`,
        }),
      );
      const client = plane({ edition: 'cloud' });

      const detected = await client.detectCapabilities();
      const again = await client.withLane('backfill').detectCapabilities();
      const removal = await client.removeRelation(PROJECT, FIRST, SECOND);

      expect(detected._unsafeUnwrap()).toEqual({ relationRemoval: false, botUserId: ADMIN });
      expect(again._unsafeUnwrap()).toEqual(detected._unsafeUnwrap());
      expect(removal._unsafeUnwrapErr().kind).toBe('unsupported');
      expect(server.calls).toHaveLength(3);
    });

    it('reports a workspace slug the key cannot reach as workspace-unreachable, naming the slug', async () => {
      server.use('001');
      server.useExchange(variant('082', { path: '/api/v1/workspaces/no-such-ws/members/' }));

      const detected = await plane({ workspaceSlug: 'no-such-ws' }).detectCapabilities();

      expect(detected._unsafeUnwrapErr()).toMatchObject({
        kind: 'workspace-unreachable',
        workspaceSlug: 'no-such-ws',
        status: 403,
        retryable: false,
        message: expect.stringContaining(
          'Plane workspace "no-such-ws" is not reachable',
        ) as unknown,
      });
    });
  });

  describe('links, comments and activities', () => {
    it('creates and lists links, returning the duplicate and scheme refusals', async () => {
      server.use('069', '070', '071', '072');
      const client = plane();

      const link = await client.createLink(PROJECT, FIRST, {
        url: 'https://example.com/odoo/task/42',
        title: 'Odoo task',
      });
      const duplicate = await client.createLink(PROJECT, FIRST, {
        url: 'https://example.com/odoo/task/42',
        title: 'Again',
      });
      const scheme = await client.createLink(PROJECT, FIRST, { url: 'ftp://example.com/x' });
      const links = await client.listLinks(PROJECT, FIRST);

      expectRecordedBody(0, '069');
      expect(link._unsafeUnwrap()).toMatchObject({
        url: 'https://example.com/odoo/task/42',
        title: 'Odoo task',
        workItemId: FIRST,
      });
      expect(duplicate._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { error: 'URL already exists for this Issue' },
      });
      expect(scheme._unsafeUnwrapErr()).toMatchObject({
        status: 400,
        body: { url: ['Invalid URL scheme.'] },
      });
      expect(links._unsafeUnwrap()).toHaveLength(1);
    });

    it('creates a comment once per external id: a 409 resolves to the existing one', async () => {
      const existing = '7974bc31-34eb-4a29-add1-92fbcad5b6a1';
      server.use('073', '074');
      server.useExchange(
        variant('073', {
          method: 'GET',
          path: `/api/v1/workspaces/sync-test/projects/${PROJECT}/work-items/${FIRST}/comments/${existing}/`,
          status: 200,
        }),
      );
      const client = plane();
      const input = {
        commentHtml: '<p>From Odoo</p>',
        externalId: 'mail-message-7-090129',
        externalSource: 'odoo',
      };

      const first = await client.createComment(PROJECT, FIRST, input);
      const again = await client.createComment(PROJECT, FIRST, {
        ...input,
        commentHtml: '<p>From Odoo again</p>',
      });

      expectRecordedBody(0, '073');
      expect(first._unsafeUnwrap()).toMatchObject({
        created: true,
        commentId: existing,
        comment: { commentHtml: '<p>From Odoo</p>', actorId: ADMIN },
      });
      expect(again._unsafeUnwrap()).toMatchObject({
        created: false,
        commentId: existing,
        comment: { id: existing },
      });
    });

    it('lists comments and activities', async () => {
      server.use('075', '076');
      const client = plane();

      const comments = await client.listComments(PROJECT, FIRST);
      const activities = await client.listActivities(PROJECT, FIRST);

      expect(comments._unsafeUnwrap()).toEqual([
        expect.objectContaining({ externalId: 'mail-message-7-090129', workItemId: FIRST }),
      ]);
      const history = activities._unsafeUnwrap();
      expect(history).toHaveLength(9);
      expect(history[1]).toMatchObject({
        verb: 'updated',
        field: 'name',
        oldValue: 'First item 090129',
        newValue: 'First item renamed 090129',
        actorId: ADMIN,
      });
    });
  });
});
