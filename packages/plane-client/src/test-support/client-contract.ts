import type { Result } from 'neverthrow';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlaneClientError } from '../errors.js';
import type { PlaneClient } from '../plane-client.js';
import type { PlanePage, PlaneProject, PlaneWorkItem } from '../types.js';

// Test support only (not exported from index.ts): one set of client tests that runs against the
// in-process simulator and, when credentials are given, against a real Plane.

/** What a run of the contract needs from its target. */
export interface PlaneClientContractTarget {
  /** The client under test, talking to the target as the bot user. */
  readonly client: PlaneClient;
  /** `ce` targets have no relation removal. */
  readonly edition: 'ce' | 'cloud';
  /**
   * A workspace member (role ≥ 15) other than the bot, so not in a freshly created project; undefined when
   * the target has none (the test that needs one is then skipped).
   */
  readonly outsider: () => Promise<string | undefined>;
  /** Per-test timeout; a real Plane at 60 requests a minute needs minutes. */
  readonly testTimeoutMs?: number;
}

/** Unwraps an Ok or fails the test with the error, so a failure says what Plane answered. */
export function expectOk<T>(result: Result<T, PlaneClientError>): T {
  if (result.isErr()) {
    expect.fail(`expected success, got ${JSON.stringify(result.error)}`);
  }
  return result.value;
}

/** Unwraps an Err or fails the test. */
export function expectErr<T>(result: Result<T, PlaneClientError>): PlaneClientError {
  if (result.isOk()) expect.fail(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/**
 * Registers the client contract: every route and rule the sync relies on, driven through the client.
 * `target` is called lazily, inside the tests, so a skipped suite never builds one.
 */
export function describePlaneClientContract(
  label: string,
  target: () => PlaneClientContractTarget,
): void {
  describe(label, () => {
    const created: { client: PlaneClient; projectId: string }[] = [];
    let counter = 0;
    // Identifiers are ≤ 12 characters from [A-Z0-9]; the time part keeps live runs apart.
    const run = Date.now().toString(36).slice(-4).toUpperCase();
    const unique = (): string => {
      counter += 1;
      return `${run}${counter.toString(36).toUpperCase()}`;
    };
    const timeout = (): number | undefined => target().testTimeoutMs;

    const newProject = async (
      client: PlaneClient,
      options: { cycleView?: boolean } = {},
    ): Promise<PlaneProject> => {
      const suffix = unique();
      const project = expectOk(
        await client.createProject({
          name: `Contract ${suffix}`,
          identifier: `C${suffix}`,
          description: 'created by the plane-client contract suite',
          ...(options.cycleView === undefined ? {} : { cycleView: options.cycleView }),
        }),
      );
      created.push({ client, projectId: project.id });
      return project;
    };

    afterAll(async () => {
      for (const { client, projectId } of created) await client.deleteProject(projectId);
    }, 600_000);

    it(
      'knows the bot user and the capabilities of the server',
      async () => {
        const { client, edition } = target();

        const me = expectOk(await client.getMe());
        const members = expectOk(await client.listWorkspaceMembers());
        const capabilities = expectOk(await client.detectCapabilities());

        expect(members.map((member) => member.id)).toContain(me.id);
        expect(capabilities).toEqual({ botUserId: me.id, relationRemoval: edition === 'cloud' });
      },
      timeout(),
    );

    it(
      'creates a project with cycles off, the default states, and an upper-cased identifier',
      async () => {
        const { client } = target();
        const suffix = unique();

        const project = expectOk(
          await client.createProject({
            name: `Lower ${suffix}`,
            identifier: `l${suffix}`.toLowerCase(),
          }),
        );
        created.push({ client, projectId: project.id });
        const states = expectOk(await client.listStates(project.id));

        expect(project).toMatchObject({
          identifier: `L${suffix}`,
          cycleView: false,
          moduleView: false,
        });
        expect(states.map((state) => state.group)).toEqual([
          'backlog',
          'unstarted',
          'started',
          'completed',
          'cancelled',
        ]);
        expect(states.filter((state) => state.isDefault).map((state) => state.name)).toEqual([
          'Backlog',
        ]);
      },
      timeout(),
    );

    it(
      'returns the identifier and name rules as 400 and duplicates as 409',
      async () => {
        const { client } = target();
        const existing = await newProject(client);
        const suffix = unique();

        const dash = expectErr(
          await client.createProject({ name: `Dash ${suffix}`, identifier: 'AB-12' }),
        );
        const long = expectErr(
          await client.createProject({ name: `Long ${suffix}`, identifier: 'ABCDEFGHIJKLM' }),
        );
        const paren = expectErr(
          await client.createProject({ name: `Paren (${suffix})`, identifier: `P${suffix}` }),
        );
        const duplicate = expectErr(
          await client.createProject({ name: `Dup ${suffix}`, identifier: existing.identifier }),
        );

        expect(dash).toMatchObject({
          kind: 'http',
          status: 400,
          body: { non_field_errors: ['Project identifier cannot contain special characters.'] },
        });
        expect(long).toMatchObject({
          status: 400,
          body: { identifier: ['Ensure this field has no more than 12 characters.'] },
        });
        expect(paren).toMatchObject({
          status: 400,
          body: { non_field_errors: ['Project name cannot contain special characters.'] },
        });
        expect(duplicate).toMatchObject({ status: 409, retryable: false });
      },
      timeout(),
    );

    it(
      'updates, lists, archives and unarchives a project',
      async () => {
        const { client } = target();
        const project = await newProject(client);

        const updated = expectOk(
          await client.updateProject(project.id, { description: 'patched', cycleView: true }),
        );
        const listed = expectOk(await client.listProjects());
        expectOk(await client.archiveProject(project.id));
        const archived = expectOk(await client.getProject(project.id));
        expectOk(await client.unarchiveProject(project.id));
        const restored = expectOk(await client.getProject(project.id));

        expect(updated).toMatchObject({ description: 'patched', cycleView: true });
        expect(listed.map((entry) => entry.id)).toContain(project.id);
        expect(archived.archivedAt).not.toBeNull();
        expect(restored.archivedAt).toBeNull();
      },
      timeout(),
    );

    it(
      'creates and updates states and labels, refusing a duplicate state name with 409',
      async () => {
        const { client } = target();
        const project = await newProject(client);

        const state = expectOk(
          await client.createState(project.id, {
            name: 'Review',
            color: '#ff8800',
            group: 'started',
          }),
        );
        const duplicate = expectErr(
          await client.createState(project.id, {
            name: 'Review',
            color: '#ff8800',
            group: 'started',
          }),
        );
        const recoloured = expectOk(
          await client.updateState(project.id, state.id, { color: '#00ff00' }),
        );
        const label = expectOk(
          await client.createLabel(project.id, { name: 'shipped', color: '#00aa00' }),
        );
        const labels = expectOk(await client.listLabels(project.id));

        expect(state).toMatchObject({ name: 'Review', group: 'started', projectId: project.id });
        expect(duplicate).toMatchObject({ status: 409, body: { id: state.id } });
        expect(recoloured.color).toBe('#00ff00');
        expect(labels.map((entry) => entry.id)).toEqual([label.id]);
      },
      timeout(),
    );

    it(
      'creates work items idempotently on external id and finds them by external id and key',
      async () => {
        const { client } = target();
        const project = await newProject(client);
        const input = {
          name: 'Task 42',
          externalId: 'odoo-task-42',
          externalSource: 'odoo:test:project.task',
        };

        const first = expectOk(await client.createWorkItem(project.id, input));
        const again = expectOk(
          await client.createWorkItem(project.id, { ...input, name: 'Task 42 again' }),
        );
        const found = expectOk(
          await client.findWorkItemByExternalId(
            project.id,
            'odoo-task-42',
            'odoo:test:project.task',
          ),
        );
        const missing = expectOk(
          await client.findWorkItemByExternalId(
            project.id,
            'odoo-task-43',
            'odoo:test:project.task',
          ),
        );
        const byKey = expectOk(
          await client.getWorkItemByIdentifier(
            `${project.identifier.toLowerCase()}-${first.workItem.sequenceId}`,
          ),
        );

        expect(first.created).toBe(true);
        expect(again).toMatchObject({
          created: false,
          workItem: { id: first.workItem.id, name: 'Task 42' },
        });
        expect(found?.id).toBe(first.workItem.id);
        expect(missing).toBeNull();
        expect(byKey.id).toBe(first.workItem.id);
      },
      timeout(),
    );

    it(
      'updates a work item (sets replace), and deletes it',
      async () => {
        const { client } = target();
        const project = await newProject(client);
        const states = expectOk(await client.listStates(project.id));
        const started = states.find((state) => state.group === 'started');
        const label = expectOk(await client.createLabel(project.id, { name: 'backend' }));
        const me = expectOk(await client.getMe());
        const { workItem } = expectOk(
          await client.createWorkItem(project.id, {
            name: 'Patch me',
            descriptionHtml: '<p>Hello</p>',
            priority: 'low',
            startDate: '2026-01-05',
            targetDate: '2026-01-09',
          }),
        );

        const patched = expectOk(
          await client.updateWorkItem(project.id, workItem.id, {
            priority: 'urgent',
            ...(started === undefined ? {} : { stateId: started.id }),
            assigneeIds: [me.id],
            labelIds: [label.id],
            targetDate: null,
          }),
        );
        const expanded = expectOk(
          await client.getWorkItem(project.id, workItem.id, {
            expand: ['state', 'assignees', 'labels'],
          }),
        );
        expectOk(await client.deleteWorkItem(project.id, workItem.id));
        const gone = expectErr(await client.getWorkItem(project.id, workItem.id));

        expect(patched).toMatchObject({
          priority: 'urgent',
          stateId: started?.id,
          assigneeIds: [me.id],
          labelIds: [label.id],
          startDate: '2026-01-05',
          targetDate: null,
          descriptionHtml: '<p>Hello</p>',
          updatedById: me.id,
        });
        expect(expanded).toMatchObject({
          stateId: started?.id,
          state: { id: started?.id, group: 'started' },
          assigneeIds: [me.id],
          assignees: [expect.objectContaining({ id: me.id })],
          labels: [expect.objectContaining({ id: label.id, name: 'backend' })],
        });
        expect(gone).toMatchObject({ kind: 'http', status: 404 });
      },
      timeout(),
    );

    it(
      'pages through work items with the pagination envelope',
      async () => {
        const { client } = target();
        const project = await newProject(client);
        for (let index = 1; index <= 5; index += 1) {
          expectOk(await client.createWorkItem(project.id, { name: `Item ${index}` }));
        }
        const pages: PlanePage<PlaneWorkItem>[] = [];

        for await (const page of client.iterateWorkItems(project.id, { perPage: 2 })) {
          pages.push(expectOk(page));
        }
        const tooLarge = expectErr(await client.listWorkItems(project.id, { perPage: 1001 }));
        const badCursor = expectErr(await client.listWorkItems(project.id, { cursor: 'garbage' }));

        expect(pages.map((page) => page.count)).toEqual([2, 2, 1]);
        expect(pages[0]).toMatchObject({
          totalCount: 5,
          totalPages: 3,
          nextCursor: '2:1:0',
          prevCursor: null,
        });
        expect(pages[2]?.nextCursor).toBeNull();
        expect(new Set(pages.flatMap((page) => page.results.map((item) => item.id))).size).toBe(5);
        // Newest first is Plane's default order.
        expect(pages.flatMap((page) => page.results.map((item) => item.name))[0]).toBe('Item 5');
        expect(tooLarge).toMatchObject({
          status: 400,
          body: { detail: 'Invalid per_page value. Cannot exceed 1000.' },
        });
        expect(badCursor).toMatchObject({
          status: 400,
          body: { detail: 'Invalid cursor parameter.' },
        });
      },
      timeout(),
    );

    it(
      'refuses a state or parent from another project and dates out of order, and drops foreign labels',
      async () => {
        const { client } = target();
        const project = await newProject(client);
        const other = await newProject(client);
        const foreignState = expectOk(await client.listStates(other.id))[0];
        const foreignLabel = expectOk(await client.createLabel(other.id, { name: 'foreign' }));
        const { workItem: foreignParent } = expectOk(
          await client.createWorkItem(other.id, { name: 'Other parent' }),
        );

        const state = expectErr(
          await client.createWorkItem(project.id, {
            name: 'Bad state',
            stateId: foreignState?.id ?? '',
          }),
        );
        const parent = expectErr(
          await client.createWorkItem(project.id, {
            name: 'Bad parent',
            parentId: foreignParent.id,
          }),
        );
        const dates = expectErr(
          await client.createWorkItem(project.id, {
            name: 'Bad dates',
            startDate: '2026-12-10',
            targetDate: '2026-12-01',
          }),
        );
        const labelled = expectOk(
          await client.createWorkItem(project.id, {
            name: 'Foreign label',
            labelIds: [foreignLabel.id],
          }),
        );

        expect(state).toMatchObject({
          status: 400,
          body: { non_field_errors: ['State is not valid please pass a valid state_id'] },
        });
        expect(parent).toMatchObject({
          status: 400,
          body: { non_field_errors: ['Parent is not valid issue_id please pass a valid issue_id'] },
        });
        expect(dates).toMatchObject({
          status: 400,
          body: { non_field_errors: ['Start date cannot exceed target date'] },
        });
        expect(labelled.workItem.labelIds).toEqual([]);
      },
      timeout(),
    );

    it(
      'drops assignees who are not project members until they are added',
      async (context) => {
        const { client, outsider: findOutsider } = target();
        const outsider = await findOutsider();
        if (outsider === undefined) {
          context.skip('the workspace has no member besides the bot');
          return;
        }
        const project = await newProject(client);
        const me = expectOk(await client.getMe());

        const before = expectOk(
          await client.createWorkItem(project.id, {
            name: 'Assign',
            assigneeIds: [me.id, outsider],
          }),
        );
        const membership = expectOk(
          await client.addProjectMember(project.id, { userId: outsider }),
        );
        const members = expectOk(await client.listProjectMembers(project.id));
        const after = expectOk(
          await client.updateWorkItem(project.id, before.workItem.id, {
            assigneeIds: [me.id, outsider],
          }),
        );

        expect(before.workItem.assigneeIds).toEqual([me.id]);
        expect(membership).toMatchObject({ memberId: outsider, role: 15 });
        expect(members.map((member) => member.id)).toEqual(
          expect.arrayContaining([me.id, outsider]),
        );
        expect([...after.assigneeIds].sort()).toEqual([me.id, outsider].sort());
      },
      timeout(),
    );

    it(
      'needs cycle_view for cycles, sends both dates or neither, and creates idempotently',
      async () => {
        const { client } = target();
        const project = await newProject(client);
        const input = {
          name: 'Sprint',
          startDate: '2026-01-05',
          endDate: '2099-01-16',
          externalId: 'milestone-7',
          externalSource: 'odoo:test:project.milestone',
        };

        const disabled = expectErr(await client.createCycle(project.id, input));
        expectOk(await client.updateProject(project.id, { cycleView: true }));
        const half = expectErr(
          await client.createCycle(project.id, { name: 'Half', startDate: '2026-01-05' }),
        );
        const first = expectOk(await client.createCycle(project.id, input));
        const again = expectOk(await client.createCycle(project.id, input));
        const listed = expectOk(await client.listCycles(project.id));
        const current = expectOk(await client.listCycles(project.id, { view: 'current' }));
        const fetched = expectOk(await client.getCycle(project.id, first.cycle.id));
        const renamed = expectOk(
          await client.updateCycle(project.id, first.cycle.id, { name: 'Sprint 1' }),
        );

        expect(disabled).toMatchObject({
          status: 400,
          body: { non_field_errors: ['Cycles are not enabled for this project'] },
        });
        expect(half).toMatchObject({
          status: 400,
          body: { error: 'Both start date and end date are either required or are to be null' },
        });
        expect(first).toMatchObject({
          created: true,
          cycle: { status: 'current', externalId: 'milestone-7' },
        });
        expect(first.cycle.endDate).toMatch(/^2099-01-16T/);
        expect(again).toMatchObject({ created: false, cycle: { id: first.cycle.id } });
        expect(listed.map((cycle) => cycle.id)).toEqual([first.cycle.id]);
        expect(current.map((cycle) => cycle.id)).toEqual([first.cycle.id]);
        expect(fetched.projectId).toBe(project.id);
        expect(renamed.name).toBe('Sprint 1');
      },
      timeout(),
    );

    it(
      'adds, lists and removes cycle work items; a completed cycle refuses edits and new items',
      async () => {
        const { client } = target();
        const project = await newProject(client, { cycleView: true });
        const { workItem: one } = expectOk(
          await client.createWorkItem(project.id, { name: 'One' }),
        );
        const { workItem: two } = expectOk(
          await client.createWorkItem(project.id, { name: 'Two' }),
        );
        const { cycle: current } = expectOk(
          await client.createCycle(project.id, {
            name: 'Now',
            startDate: '2026-01-05',
            endDate: '2099-12-31',
          }),
        );
        const { cycle: past } = expectOk(
          await client.createCycle(project.id, {
            name: 'Past',
            startDate: '2020-01-01',
            endDate: '2020-01-31',
          }),
        );

        const added = expectOk(
          await client.addCycleWorkItems(project.id, current.id, [one.id, two.id]),
        );
        expectOk(await client.removeCycleWorkItem(project.id, current.id, two.id));
        const remaining = expectOk(await client.listCycleWorkItems(project.id, current.id));
        const addToPast = expectErr(await client.addCycleWorkItems(project.id, past.id, [two.id]));
        const editPast = expectErr(
          await client.updateCycle(project.id, past.id, { name: 'Renamed' }),
        );

        expect(past.status).toBe('completed');
        expect(added.map((entry) => entry.workItemId).sort()).toEqual([one.id, two.id].sort());
        expect(remaining.map((item) => item.id)).toEqual([one.id]);
        expect(addToPast).toMatchObject({
          status: 400,
          body: {
            code: 'CYCLE_COMPLETED',
            message: 'The Cycle has already been completed so no new issues can be added',
          },
        });
        expect(editPast).toMatchObject({
          status: 400,
          body: { error: 'The Cycle has already been completed so it cannot be edited' },
        });
      },
      timeout(),
    );

    it(
      'transfers the unfinished items of a completed cycle',
      async () => {
        const { client } = target();
        const project = await newProject(client, { cycleView: true });
        const { workItem } = expectOk(
          await client.createWorkItem(project.id, { name: 'Carry over' }),
        );
        const { cycle: ending } = expectOk(
          await client.createCycle(project.id, {
            name: 'Ending',
            startDate: '2026-01-05',
            endDate: '2099-12-31',
          }),
        );
        const { cycle: next } = expectOk(
          await client.createCycle(project.id, {
            name: 'Next',
            startDate: '2026-01-05',
            endDate: '2099-12-31',
          }),
        );
        expectOk(await client.addCycleWorkItems(project.id, ending.id, [workItem.id]));
        // Ending the cycle by moving its dates into the past is allowed while it is still running.
        expectOk(
          await client.updateCycle(project.id, ending.id, {
            startDate: '2020-01-01',
            endDate: '2020-01-31',
          }),
        );

        expectOk(await client.transferCycleWorkItems(project.id, ending.id, next.id));
        const moved = expectOk(await client.listCycleWorkItems(project.id, next.id));

        expect(moved.map((item) => item.id)).toEqual([workItem.id]);
      },
      timeout(),
    );

    it(
      'creates relations, keeps one per pair, and lists them from both sides',
      async () => {
        const { client, edition } = target();
        const project = await newProject(client);
        const { workItem: blocked } = expectOk(
          await client.createWorkItem(project.id, { name: 'Blocked' }),
        );
        const { workItem: blocker } = expectOk(
          await client.createWorkItem(project.id, { name: 'Blocker' }),
        );

        const created = expectOk(
          await client.createRelation(project.id, blocked.id, {
            relationType: 'blocked_by',
            workItemIds: [blocker.id],
          }),
        );
        const secondType = expectOk(
          await client.createRelation(project.id, blocked.id, {
            relationType: 'relates_to',
            workItemIds: [blocker.id],
          }),
        );
        const fromBlocked = expectOk(await client.listRelations(project.id, blocked.id));
        const fromBlocker = expectOk(await client.listRelations(project.id, blocker.id));
        const removal = await client.removeRelation(project.id, blocked.id, blocker.id);

        expect(created).toEqual([
          expect.objectContaining({ workItemId: blocker.id, relationType: 'blocked_by' }),
        ]);
        expect(secondType).toEqual([]);
        expect(fromBlocked).toMatchObject({ blockedBy: [blocker.id], relatesTo: [] });
        expect(fromBlocker).toMatchObject({ blocking: [blocked.id] });
        if (edition === 'ce') {
          expect(expectErr(removal)).toMatchObject({
            kind: 'unsupported',
            operation: 'relation-removal',
          });
        } else {
          expectOk(removal);
          expect(expectOk(await client.listRelations(project.id, blocked.id)).blockedBy).toEqual(
            [],
          );
        }
      },
      timeout(),
    );

    it(
      'creates links (refusing a duplicate URL) and comments once per external id',
      async () => {
        const { client } = target();
        const project = await newProject(client);
        const { workItem } = expectOk(await client.createWorkItem(project.id, { name: 'Linked' }));
        const comment = {
          commentHtml: '<p>From Odoo</p>',
          externalId: 'mail-message-7',
          externalSource: 'odoo:test:mail.message',
        };

        const link = expectOk(
          await client.createLink(project.id, workItem.id, {
            url: 'https://odoo.example.com/task/42',
            title: 'Odoo',
          }),
        );
        const duplicateLink = expectErr(
          await client.createLink(project.id, workItem.id, {
            url: 'https://odoo.example.com/task/42',
          }),
        );
        const links = expectOk(await client.listLinks(project.id, workItem.id));
        const first = expectOk(await client.createComment(project.id, workItem.id, comment));
        const again = expectOk(
          await client.createComment(project.id, workItem.id, {
            ...comment,
            commentHtml: '<p>Again</p>',
          }),
        );
        const comments = expectOk(await client.listComments(project.id, workItem.id));

        expect(link).toMatchObject({
          url: 'https://odoo.example.com/task/42',
          title: 'Odoo',
          workItemId: workItem.id,
        });
        expect(duplicateLink).toMatchObject({
          status: 400,
          body: { error: 'URL already exists for this Issue' },
        });
        expect(links.map((entry) => entry.id)).toEqual([link.id]);
        expect(first).toMatchObject({
          created: true,
          comment: { commentHtml: '<p>From Odoo</p>' },
        });
        expect(again).toMatchObject({
          created: false,
          commentId: first.commentId,
          comment: { commentHtml: '<p>From Odoo</p>' },
        });
        expect(comments.map((entry) => entry.id)).toEqual([first.commentId]);
      },
      timeout(),
    );

    it(
      'lists activities and finds work items by search',
      async () => {
        const { client } = target();
        const project = await newProject(client);
        const name = `Searchable ${unique()}`;
        const { workItem } = expectOk(
          await client.createWorkItem(project.id, { name, priority: 'low' }),
        );
        expectOk(await client.updateWorkItem(project.id, workItem.id, { priority: 'high' }));

        const activities = expectOk(await client.listActivities(project.id, workItem.id));
        const hits = expectOk(await client.searchWorkItems(name, { projectId: project.id }));

        expect(activities[0]).toMatchObject({ verb: 'created', workItemId: workItem.id });
        expect(activities).toContainEqual(
          expect.objectContaining({
            verb: 'updated',
            field: 'priority',
            oldValue: 'low',
            newValue: 'high',
          }),
        );
        expect(hits).toContainEqual(
          expect.objectContaining({
            id: workItem.id,
            key: `${project.identifier}-${workItem.sequenceId}`,
          }),
        );
      },
      timeout(),
    );

    it(
      "answers a malformed id with Plane's unknown-route 404",
      async () => {
        const { client } = target();
        const project = await newProject(client);

        const error = expectErr(await client.getWorkItem(project.id, 'not-a-uuid'));

        expect(error).toMatchObject({
          kind: 'http',
          status: 404,
          body: { error: 'Page not found.' },
        });
      },
      timeout(),
    );
  });
}
