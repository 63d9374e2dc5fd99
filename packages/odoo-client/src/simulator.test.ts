import {
  createFakeClock,
  createOdooSimulator,
  createTestServer,
  type FakeClock,
  type OdooSimulator,
} from '@odoo-plane-sync/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeCursor, OdooRecord } from './changed-since.js';
import { createOdooClient, type OdooClient } from './odoo-client.js';
import { parseDateOnly } from './values.js';

const simulators: OdooSimulator[] = [];
let handlersServer: ReturnType<typeof createTestServer> | undefined;

/** A fresh simulator on its own origin, with a client pointed at it. */
function setup(options: {
  version: 16 | 17 | 18 | 19;
  transport?: 'jsonrpc' | 'json2';
  edition?: 'ce' | 'ee';
  ppm?: boolean;
  customFields?: Parameters<typeof createOdooSimulator>[0] extends infer O
    ? O extends { customFields?: infer C }
      ? C
      : never
    : never;
}) {
  const clock = createFakeClock({ start: Date.parse('2026-11-26T09:00:00Z') });
  const simulator = createOdooSimulator({
    baseUrl: `http://odoo-${simulators.length}.test`,
    version: options.version,
    edition: options.edition ?? 'ce',
    ppm: options.ppm ?? false,
    ...(options.customFields === undefined ? {} : { customFields: options.customFields }),
    clock,
  });
  simulators.push(simulator);
  handlersServer?.close();
  handlersServer = createTestServer({}, { handlers: simulator.handlers });
  handlersServer.listen();
  const odoo = createOdooClient({
    baseUrl: simulator.baseUrl,
    db: simulator.db,
    login: simulator.login,
    apiKey: simulator.apiKey,
    transport: options.transport ?? 'auto',
    clock,
  });
  return { simulator, odoo, clock };
}

afterEach(() => {
  handlersServer?.close();
  handlersServer = undefined;
});

async function poll(odoo: OdooClient, cursor: ChangeCursor | null, overlapSeconds: number) {
  const records: OdooRecord[] = [];
  let next = cursor;
  for await (const page of odoo.changedSince('project.task', cursor, {
    overlapSeconds,
    fields: ['name'],
  })) {
    if (page.isErr()) throw new Error(JSON.stringify(page.error));
    records.push(...page.value.records);
    next = page.value.cursor;
  }
  return { records, cursor: next };
}

/**
 * Task A and B exist; a long transaction starts and changes B; A is then changed and polled (cursor moves
 * past the transaction's start); the transaction commits B with its old write_date; then the last poll.
 */
async function longTransactionScenario(
  simulator: OdooSimulator,
  odoo: OdooClient,
  clock: FakeClock,
  overlapSeconds: number,
) {
  const projectId = simulator.create('project.project', { name: 'Polling' });
  const taskA = simulator.create('project.task', { name: 'A', project_id: projectId });
  const taskB = simulator.create('project.task', { name: 'B', project_id: projectId });
  const first = await poll(odoo, null, overlapSeconds);

  await clock.advance(5_000);
  const transaction = simulator.beginLongTransaction();
  simulator.write('project.task', [taskB], { name: 'B changed in a long transaction' });
  await clock.advance(20_000);
  await odoo.write('project.task', [taskA], { name: 'A changed later' });
  const second = await poll(odoo, first.cursor, overlapSeconds);

  await clock.advance(5_000);
  transaction.commit();
  const third = await poll(odoo, second.cursor, overlapSeconds);
  return { taskA, taskB, first, second, third };
}

describe('createOdooClient against the Odoo simulator', () => {
  describe.each([
    { version: 16, transport: 'jsonrpc' },
    { version: 17, transport: 'jsonrpc' },
    { version: 18, transport: 'jsonrpc' },
    { version: 19, transport: 'jsonrpc' },
    { version: 19, transport: 'json2' },
  ] as const)('changedSince on $version over $transport', ({ version, transport }) => {
    it('loses no update committed late by a long transaction when polling with an overlap', async () => {
      const { simulator, odoo, clock } = setup({ version, transport });

      const { taskA, taskB, second, third } = await longTransactionScenario(
        simulator,
        odoo,
        clock,
        60,
      );

      expect(second.records.map((record) => record.id)).toEqual([taskA]);
      expect(third.records).toEqual([
        expect.objectContaining({ id: taskB, name: 'B changed in a long transaction' }),
      ]);
      expect(third.cursor).toMatchObject({ id: taskA });
    });

    it('loses exactly that update without an overlap', async () => {
      const { simulator, odoo, clock } = setup({ version, transport });

      const { taskB, first, second, third } = await longTransactionScenario(
        simulator,
        odoo,
        clock,
        0,
      );

      expect(first.records).toHaveLength(2);
      expect(second.records).toHaveLength(1);
      expect(third.records.map((record) => record.id)).not.toContain(taskB);
      expect(third.records).toHaveLength(0);
    });
  });

  it('retries a read that hits an injected serialization failure, and sends a failing write once', async () => {
    const { simulator, odoo } = setup({ version: 17 });
    const projectId = simulator.create('project.project', { name: 'Faults' });
    simulator.faults.next(
      { model: 'project.project', method: 'read' },
      { error: 'psycopg2.errors.SerializationFailure' },
      2,
    );
    simulator.faults.next(
      { model: 'project.project', method: 'write' },
      { error: 'odoo.exceptions.AccessError' },
    );

    const projects = await odoo.readProjects([projectId]);
    const before = simulator.requestCount();
    const write = await odoo.write('project.project', [projectId], { name: 'x' });

    expect(projects._unsafeUnwrap()[0]).toMatchObject({ id: projectId, name: 'Faults' });
    expect(write._unsafeUnwrapErr()).toMatchObject({
      kind: 'rpc',
      name: 'odoo.exceptions.AccessError',
      retryable: false,
    });
    expect(simulator.requestCount() - before).toBe(1);
    expect(simulator.read('project.project', [projectId], ['name'])[0]).toMatchObject({
      name: 'Faults',
    });
  });

  it('does not send a write again after a dropped connection', async () => {
    const { simulator, odoo } = setup({ version: 19, transport: 'json2' });
    const projectId = simulator.create('project.project', { name: 'Network' });
    simulator.faults.next({ model: 'project.project', method: 'write' }, { networkError: true });
    await odoo.authenticate();
    const before = simulator.requestCount();

    const write = await odoo.write('project.project', [projectId], { name: 'x' });

    expect(write._unsafeUnwrapErr()).toMatchObject({ kind: 'network', retryable: true });
    expect(simulator.requestCount() - before).toBe(1);
  });

  it('reports JSON-2 HTTP statuses from injected faults', async () => {
    const { simulator, odoo } = setup({ version: 19, transport: 'json2' });
    simulator.faults.next({ method: 'search' }, { httpStatus: 503, body: 'maintenance' }, 10);

    const result = await createOdooClient({
      baseUrl: simulator.baseUrl,
      db: simulator.db,
      login: simulator.login,
      apiKey: simulator.apiKey,
      clock: createFakeClock(),
      retry: { limit: 1 },
    }).search('project.task', []);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'http', status: 503, retryable: true });
    expect((await odoo.transport())._unsafeUnwrap()).toBe('json2');
  });

  it('reads the Enterprise start date and the PPM fields when the server has them', async () => {
    const { simulator, odoo } = setup({ version: 17, edition: 'ee', ppm: true });
    const projectId = simulator.create('project.project', { name: 'PPM', wbs_code: 'WBS-1' });
    const taskId = simulator.create('project.task', {
      name: 'Shipped task',
      project_id: projectId,
      planned_date_begin: '2026-07-01 08:00:00',
      date_deadline: '2026-07-15 16:30:00',
      is_shipped: true,
      shipped_at: '2026-07-16 10:00:00',
    });

    const capabilities = (await odoo.capabilities())._unsafeUnwrap();
    const [project] = (await odoo.readProjects([projectId]))._unsafeUnwrap();
    const [task] = (await odoo.readTasks([taskId]))._unsafeUnwrap();

    expect(capabilities).toMatchObject({
      hasPlannedDateBegin: true,
      ppm: { wbsCode: true, portfolio: true, isShipped: true, shippedAt: true, deployments: true },
    });
    expect(project).toMatchObject({ wbsCode: 'WBS-1', portfolio: null });
    expect(task).toMatchObject({
      plannedDateBegin: '2026-07-01T08:00:00.000Z',
      isShipped: true,
      shippedAt: '2026-07-16T10:00:00.000Z',
      deploymentIds: [],
    });
  });

  it.each([16, 17, 19] as const)(
    'reads tags and asked-for custom fields on Odoo %i, decoded by type, skipping names it lacks',
    async (version) => {
      const { simulator, odoo } = setup({
        version,
        customFields: {
          'project.task': {
            x_shipped: { type: 'boolean', string: 'Shipped' },
            x_shipped_at: { type: 'datetime', string: 'Shipped At' },
            x_release_ids: { type: 'many2many', string: 'Releases', relation: 'project.tags' },
          },
        },
      });
      const tagId = simulator.create('project.tags', { name: 'shipped' });
      const taskId = simulator.create('project.task', {
        name: 'Custom ship flag',
        tag_ids: [[6, 0, [tagId]]],
        x_shipped: true,
        x_shipped_at: '2026-07-16 10:00:00',
      });

      const [task] = (
        await odoo.readTasks([taskId], {
          extraFields: ['x_shipped', 'x_shipped_at', 'x_release_ids', 'x_not_installed'],
        })
      )._unsafeUnwrap();
      const capabilities = (await odoo.capabilities())._unsafeUnwrap();

      expect(task?.tagIds).toEqual([tagId]);
      expect(task?.extraFields).toEqual({
        x_shipped: true,
        x_shipped_at: '2026-07-16T10:00:00.000Z',
        x_release_ids: [],
      });
      expect(capabilities.taskFieldTypes.x_shipped).toBe('boolean');
      expect(capabilities.ppm.isShipped).toBe(false);
    },
  );

  it('leaves Enterprise and PPM members out on a plain Community server', async () => {
    const { simulator, odoo } = setup({ version: 17 });
    const taskId = simulator.create('project.task', { name: 'Plain' });

    const [task] = (await odoo.readTasks([taskId]))._unsafeUnwrap();

    expect(task).not.toHaveProperty('plannedDateBegin');
    expect(task).not.toHaveProperty('isShipped');
    expect(task).toMatchObject({ projectId: null });
  });

  it('falls back from the to-do XML id to its name when ir.model.data cannot be read', async () => {
    const { simulator, odoo } = setup({ version: 16 });
    const taskId = simulator.create('project.task', { name: 'Review me' });

    const activityId = await odoo.scheduleActivity({
      resId: taskId,
      activityTypeXmlId: 'mail.mail_activity_data_todo',
      summary: 'Ship review',
      userId: simulator.uid,
      dateDeadline: parseDateOnly('2026-07-10')!,
    });

    const [activity] = simulator.read(
      'mail.activity',
      [activityId._unsafeUnwrap()],
      ['activity_type_id', 'res_id'],
    );
    expect(activity).toMatchObject({
      activity_type_id: [expect.any(Number), 'To Do'],
      res_id: taskId,
    });
  });

  it('normalises the four priority levels of 19', async () => {
    const { simulator, odoo } = setup({ version: 19 });
    const ids = ['0', '1', '2', '3'].map((priority) =>
      simulator.create('project.task', { name: `P${priority}`, priority }),
    );

    const tasks = (await odoo.readTasks(ids))._unsafeUnwrap();

    expect(tasks.map((task) => [task.priority, task.priorityLevel])).toEqual([
      ['0', 'low'],
      ['1', 'medium'],
      ['2', 'high'],
      ['3', 'urgent'],
    ]);
  });

  it('reads the tasks and milestones a domain selects, across projects, in one call each', async () => {
    const { simulator, odoo } = setup({ version: 17 });
    const alpha = simulator.create('project.project', { name: 'Alpha' });
    const beta = simulator.create('project.project', { name: 'Beta' });
    const gamma = simulator.create('project.project', { name: 'Gamma' });
    const milestones = [alpha, beta, gamma].map((projectId, index) =>
      simulator.create('project.milestone', { name: `M${index}`, project_id: projectId }),
    );
    const open = [alpha, beta, gamma].map((projectId) =>
      simulator.create('project.task', { name: 'open', project_id: projectId }),
    );
    const archived = simulator.create('project.task', {
      name: 'archived',
      project_id: alpha,
      active: false,
    });
    (await odoo.capabilities())._unsafeUnwrap();
    const before = simulator.requestCount();

    const tasks = (
      await odoo.readTasks({ domain: [['project_id', 'in', [alpha, beta]]], order: 'id asc' })
    )._unsafeUnwrap();
    const withArchived = (
      await odoo.readTasks({
        domain: [['project_id', 'in', [alpha]]],
        context: { active_test: false },
      })
    )._unsafeUnwrap();
    const inMilestones = (
      await odoo.readMilestones({ domain: [['project_id', 'in', [beta, gamma]]], order: 'id asc' })
    )._unsafeUnwrap();

    expect(simulator.requestCount() - before).toBe(3);
    expect(tasks.map((task) => task.id)).toEqual([open[0], open[1]]);
    expect(withArchived.map((task) => task.id).sort((a, b) => a - b)).toEqual([open[0], archived]);
    expect(inMilestones.map((milestone) => milestone.id)).toEqual([milestones[1], milestones[2]]);
  });
});
