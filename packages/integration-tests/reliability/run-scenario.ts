import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createOdooClient } from '@odoo-plane-sync/odoo-client';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import {
  createInboxProcessor,
  createWebhookIngestor,
  type InboxProcessor,
  type SyncJob,
} from '@odoo-plane-sync/sync-core';
import { createInMemoryInbox, createMemoryLogger } from '@odoo-plane-sync/sync-core/testing';
import { odooOwnedDisagreements } from '../src/agreement.js';
import { createHarness } from '../src/harness.js';
import {
  createRaceProject,
  planeSideOf,
  raceProblems,
  raceTaskJobs,
  type RaceProject,
} from '../src/racing-parents.js';
import { seedPortfolio } from '../src/seed.js';
import { taskCount, type FaultFamily, type InjectedFault, type Scenario } from './scenario.js';

/** What one run injected and which promises it found broken (all three lists empty: the run passed). */
export interface RunOutcome {
  readonly faults: Partial<Record<FaultFamily, number>>;
  /** Fields on which Odoo and Plane disagree (against the ownership matrix), or drift reconciliation found. */
  readonly divergences: readonly string[];
  /** More than one Plane item for one Odoo record. */
  readonly duplicates: readonly string[];
  /** Accepted events that were neither applied nor visibly failed-and-retryable, or never landed after the retries. */
  readonly lost: readonly string[];
}

const secrets = {
  odooToken: 'odoo-hook-token-reliability',
  planeWebhookSecret: 'plane_wh_reliability',
};
const hooks = 'http://hooks.test/webhooks';
const minute = 60_000;

interface CapturedDelivery {
  readonly source: 'odoo' | 'plane';
  readonly rawBody: Uint8Array;
  readonly headers: Record<string, string>;
  readonly token?: string;
}

/**
 * Runs one generated scenario through the real path (simulators' webhooks → ingestor → inbox → processor →
 * engine → real clients → simulators) and checks the sync's promise as the oracle, first without and then
 * with a reconciliation.
 */
export async function runScenario(scenario: Scenario): Promise<RunOutcome> {
  const faults: Partial<Record<FaultFamily, number>> = {};
  const count = (family: FaultFamily, by = 1): void => {
    faults[family] = (faults[family] ?? 0) + by;
  };
  const divergences: string[] = [];
  const duplicates: string[] = [];
  const lost: string[] = [];
  if (scenario.odooClockSkewMs !== 0) count('clock-skew');

  const harness = createHarness({
    odooVersion: 17,
    odooClockSkewMs: scenario.odooClockSkewMs,
    config: { retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 1_000 } },
  });
  const captured: CapturedDelivery[] = [];
  const capture = async (source: 'odoo' | 'plane', request: Request, token?: string) => {
    captured.push({
      source,
      rawBody: new Uint8Array(await request.arrayBuffer()),
      headers: Object.fromEntries(request.headers),
      ...(token === undefined ? {} : { token }),
    });
    return new HttpResponse(null, { status: 202 });
  };
  const server = setupServer(
    ...harness.plane.handlers,
    ...harness.odoo.handlers,
    http.post(`${hooks}/odoo/:token`, ({ request, params }) =>
      capture('odoo', request, String(params.token)),
    ),
    http.post(`${hooks}/plane`, ({ request }) => capture('plane', request)),
  );
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const inbox = createInMemoryInbox();
    const ingestor = createWebhookIngestor({ inbox, clock: harness.clock, secrets });
    const processorOn = (crashAfterPlaneCalls?: number): InboxProcessor =>
      createInboxProcessor({
        inbox,
        engine: harness.createEngine(
          crashAfterPlaneCalls === undefined ? { planeClientRetries: 1 } : { crashAfterPlaneCalls },
        ),
        clock: harness.clock,
        logger: createMemoryLogger(),
      });
    let processor = processorOn();
    let crashNextDrainAfter: number | undefined;
    let lostDeliveries = 0;
    const settle = async (): Promise<void> => {
      await harness.odoo.settleWebhooks();
      await harness.plane.settleWebhooks();
    };
    /** Ingests what was sent so far, shaped by the delivery faults, and drains the inbox. */
    const deliver = async (order: number, copies: readonly (0 | 1 | 2)[]): Promise<void> => {
      await settle();
      const batch = captured.splice(0, captured.length);
      const rotation = batch.length === 0 ? 0 : order % batch.length;
      const shaped = [...batch.slice(rotation), ...batch.slice(0, rotation)];
      if (order % 2 === 1) shaped.reverse();
      if (batch.length > 1 && (rotation !== 0 || order % 2 === 1)) count('webhook-reordered');
      for (const [index, delivery] of shaped.entries()) {
        const times = copies[index % copies.length]!;
        if (times === 0) {
          count('webhook-lost');
          lostDeliveries += 1;
        }
        if (times === 2) count('webhook-duplicated');
        for (let copy = 0; copy < times; copy += 1) {
          const ingested = await ingestor.ingest(delivery);
          if (ingested.isErr()) lost.push(`delivery refused: ${ingested.error.kind}`);
        }
      }
      if (crashNextDrainAfter !== undefined) {
        // The process dies mid-drain; its successor takes over the same inbox and stores.
        await processorOn(crashNextDrainAfter).drain();
        crashNextDrainAfter = undefined;
        processor = processorOn();
      }
      await processor.drain();
      await settle();
    };

    const seeded = seedPortfolio(harness.odoo, harness.plane, {
      projects: 1,
      milestonesPerProject: 1,
      tasksPerProject: taskCount,
      subtaskEvery: 0,
      dependenciesPerProject: 0,
      users: 1,
    });
    const projectId = seeded.projectIds[0]!;
    (await harness.createEngine().syncProjectTree(projectId))._unsafeUnwrap();
    const planeProjectId = (await harness.store.get({
      model: 'project.project',
      odooId: projectId,
    }))!.planeId!;
    harness.odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['name', 'stage_id', 'date_deadline', 'depend_on_ids'],
      url: `${hooks}/odoo/${secrets.odooToken}`,
    });
    harness.plane.addWebhook({ url: `${hooks}/plane`, secret: secrets.planeWebhookSecret });
    const human = harness.plane.addUser({ email: 'human@example.com' });
    harness.plane.addProjectMember(planeProjectId, human.id);
    // A person's edits meet the same faults; they retry on the fake clock, and may give up (the edit is lost).
    const person = createPlaneClient({
      baseUrl: harness.plane.baseUrl,
      apiKey: human.apiKey,
      workspaceSlug: harness.plane.workspaceSlug,
      rateLimit: false,
      clock: harness.clock,
      retry: { limit: 5 },
      random: () => 0.5,
    });
    const states = (await harness.planeInspector().listStates(planeProjectId))._unsafeUnwrap();
    const planeIdOf = async (index: number): Promise<string> =>
      (await harness.store.get({ model: 'project.task', odooId: seeded.taskIds[index]! }))!
        .planeId!;

    const inject = async (fault: InjectedFault): Promise<void> => {
      switch (fault.family) {
        case 'plane-429-storm':
          harness.plane.faults.next(
            { path: /\/api\/v1\// },
            {
              status: 429,
              body: { error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' },
              headers: { 'retry-after': '1' },
            },
            fault.count,
          );
          break;
        case 'plane-5xx':
          harness.plane.faults.next({ path: /\/api\/v1\// }, { status: 503 }, fault.count);
          break;
        case 'plane-timeout':
          harness.plane.faults.next({ path: /\/api\/v1\// }, { answerLost: true }, fault.count);
          break;
        case 'plane-connection-reset':
          harness.plane.faults.next(
            { path: /\/api\/v1\// },
            { connectionReset: true },
            fault.count,
          );
          break;
        case 'odoo-5xx':
          harness.odoo.faults.next({}, { httpStatus: 503 }, fault.count);
          break;
        case 'odoo-connection-reset':
          harness.odoo.faults.next({}, { networkError: true }, fault.count);
          break;
        case 'crash':
          crashNextDrainAfter = fault.afterPlaneCalls;
          break;
        case 'plane-outage':
        case 'odoo-outage': {
          if (fault.family === 'plane-outage')
            harness.plane.faults.next({ path: '/' }, { status: 503 }, 1_000_000);
          else harness.odoo.faults.next({}, { httpStatus: 503 }, 1_000_000);
          for (let passed = 0; passed < fault.minutes * minute; passed += 30_000) {
            await harness.clock.advance(30_000);
            await deliver(0, [1]);
          }
          harness.plane.faults.clear();
          harness.odoo.faults.clear();
          break;
        }
      }
      count(fault.family, 'count' in fault ? fault.count : 1);
    };

    const races: { race: RaceProject; failedJobs: SyncJob[] }[] = [];
    for (const current of scenario.steps) {
      switch (current.kind) {
        case 'odoo-rename':
          harness.odoo.write('project.task', [seeded.taskIds[current.task]!], {
            name: `Odoo name ${current.suffix}`,
          });
          break;
        case 'odoo-dependency':
          harness.odoo.write('project.task', [seeded.taskIds[1]!], {
            depend_on_ids: [[4, seeded.taskIds[0]!]],
          });
          break;
        case 'odoo-deadline':
          harness.odoo.write('project.task', [seeded.taskIds[current.task]!], {
            date_deadline: `2026-06-${String(current.day).padStart(2, '0')}`,
          });
          break;
        case 'plane-rename':
          await person.updateWorkItem(planeProjectId, await planeIdOf(current.task), {
            name: `Plane name ${current.suffix}`,
          });
          break;
        case 'plane-state': {
          const state = states.find((candidate) => candidate.group === current.group)!;
          await person.updateWorkItem(planeProjectId, await planeIdOf(current.task), {
            stateId: state.id,
          });
          break;
        }
        case 'deliver':
          await deliver(current.order, current.copies);
          break;
        case 'fault':
          await inject(current.fault);
          break;
        case 'new-project-burst': {
          count('concurrent-jobs-sharing-parents');
          const race = createRaceProject(
            harness,
            {
              taskCount: current.tasks,
              subtasks: current.subtasks,
              withMilestone: current.withMilestone,
              dependencies: current.dependencies,
              assigneeId: seeded.userIds[0]!,
            },
            `Race ${races.length + 1}`,
          );
          const burst = raceTaskJobs(race);
          const workers = Array.from({ length: current.workers }, () =>
            harness.createEngine({ planeClientRetries: 1 }),
          );
          const results = await Promise.all(
            burst.map((job, index) => workers[index % workers.length]!.run(job)),
          );
          for (const problem of await raceProblems(harness, race, burst, results))
            (problem.includes('Plane') && /^\d+ Plane/.test(problem) ? duplicates : lost).push(
              `burst ${races.length + 1}: ${problem}`,
            );
          races.push({ race, failedJobs: burst.filter((_, index) => results[index]!.isErr()) });
          break;
        }
      }
    }

    // The faults end; the inbox's automatic retries (on the fake clock) carry every failed event home.
    harness.plane.faults.clear();
    harness.odoo.faults.clear();
    for (let round = 0; round < 12; round += 1) {
      await deliver(0, [1]);
      if (
        captured.length === 0 &&
        (await inbox.count('pending')) === 0 &&
        (await inbox.count('failed')) === 0
      )
        break;
      await harness.clock.advance(61 * minute);
    }
    for (const event of await inbox.listFailed(100))
      lost.push(
        `inbox event ${event.entityKey} ${event.status} after the retries: ${event.lastError ?? 'no cause'}`,
      );
    if ((await inbox.count('pending')) > 0)
      lost.push('inbox events still pending after the retries');
    for (const { race, failedJobs } of races) {
      for (const job of failedJobs) {
        const rerun = await harness.createEngine().run(job);
        if (rerun.isErr())
          lost.push(`race project ${race.projectId}: a failed job failed again on retry`);
      }
    }

    const odoo = createOdooClient({
      baseUrl: harness.odoo.baseUrl,
      db: harness.odoo.db,
      login: harness.odoo.login,
      apiKey: harness.odoo.apiKey,
      transport: 'jsonrpc',
    });
    const plane = harness.planeInspector();
    const disagreements = async (): Promise<string[]> => {
      const found: string[] = [];
      for (const odooProjectId of [projectId, ...races.map(({ race }) => race.projectId)])
        found.push(
          ...(await odooOwnedDisagreements({ odoo, plane, store: harness.store, odooProjectId })),
        );
      // Plane owns the state: each Odoo stage follows the Plane state's group.
      for (const [index, odooId] of seeded.taskIds.entries()) {
        const item = (
          await plane.getWorkItem(planeProjectId, await planeIdOf(index))
        )._unsafeUnwrap();
        const group = states.find((state) => state.id === item.stateId)?.group;
        const stage = harness.odoo.read('project.task', [odooId], ['stage_id'])[0]?.stage_id as
          [number, string] | false;
        const expected =
          group === 'completed' ? 'Done' : group === 'started' ? 'In Progress' : null;
        if (expected !== null && (stage === false || stage[1] !== expected))
          found.push(
            `task ${odooId}: Plane state group ${group} but Odoo stage ${stage === false ? 'none' : stage[1]}`,
          );
      }
      return found;
    };

    // The promise before any reconciliation (a webhook lost on the way is reconciliation's job).
    const before = await disagreements();
    if (lostDeliveries === 0)
      divergences.push(...before.map((problem) => `before reconciliation: ${problem}`));
    const items = (await plane.listWorkItems(planeProjectId, { perPage: 100 }))._unsafeUnwrap()
      .results;
    const externalIds = items.map((item) => item.externalId);
    for (const externalId of new Set(externalIds)) {
      const copies = externalIds.filter((candidate) => candidate === externalId).length;
      if (copies > 1) duplicates.push(`${copies} Plane work items for ${externalId}`);
    }
    for (const { race } of races) {
      const side = planeSideOf(harness, race);
      if (side.projects.length !== 1)
        duplicates.push(`${side.projects.length} Plane projects for race ${race.projectId}`);
      for (const [taskId, sameRecord] of side.itemsOf)
        if (sameRecord.length !== 1)
          duplicates.push(`${sameRecord.length} Plane work items for task ${taskId}`);
    }

    const engine = harness.createEngine();
    const reconciled = (await engine.reconcile())._unsafeUnwrap();
    // A task with no Odoo stage takes its Plane item's default state at the first reconciliation (the sync
    // never writes a stage Odoo did not have); that is adoption, not drift the faults caused.
    const adoption = (drift: (typeof reconciled.drift)[number]): boolean =>
      drift.field === 'state' && drift.odooValue === null;
    if (lostDeliveries === 0)
      for (const drift of reconciled.drift.filter((candidate) => !adoption(candidate)))
        divergences.push(`reconciliation drift: ${JSON.stringify(drift)}`);
    const second = (await engine.reconcile())._unsafeUnwrap();
    for (const drift of second.drift)
      divergences.push(`drift after a reconciliation: ${JSON.stringify(drift)}`);
    for (const problem of await disagreements())
      divergences.push(`after reconciliation: ${problem}`);
    return { faults, divergences, duplicates, lost };
  } finally {
    server.close();
  }
}
