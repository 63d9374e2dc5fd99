import { setTimeout as delay } from 'node:timers/promises';
import { http } from 'msw';
import pg from 'pg';
import { createOdooSimulator, createPlaneSimulator, serveHandlers } from '@odoo-plane-sync/testkit';
import {
  startFleetWorker,
  startLoadBalancer,
  stopFleetWorker,
  type FleetWorker,
} from './fleet-workers.js';

/** The size of a fleet run. */
export interface FleetRunOptions {
  /** A database of the run's own (created empty by the caller). */
  readonly databaseUrl: string;
  /** Odoo tasks created during the run; each gets Odoo 17's 7 webhook POSTs for its create. */
  readonly entities: number;
  /** Renames of each task after its create, in bursts (one POST each). */
  readonly writesPerEntity: number;
  readonly workers: number;
  /** How long the run may take before it gives up (a failure, not a figure). */
  readonly withinMs: number;
}

/** What the run measured and what its oracles found (every count but `events` should be 0). */
export interface FleetRunReport {
  /** Webhook deliveries Odoo made (the run's events). */
  readonly events: number;
  /** Events accepted into the inbox (Odoo's repeated POSTs of one change are one event). */
  readonly inboxEvents: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Longest time from an entity's last Odoo write to its value reaching Plane. */
  readonly worstLagMs: number;
  /** Odoo tasks with more than one Plane work item. */
  readonly duplicates: number;
  /** Plane work items whose written names went back to an older version. */
  readonly outOfOrder: number;
  /** Tasks whose final Odoo name is not on their Plane item (an event lost). */
  readonly lost: number;
  /** Inbox events not done, or with no ledger entry for their entity at or after their receipt. */
  readonly unaccounted: number;
  /** Names written to Plane work items (what the order check read). */
  readonly planeNameWrites: number;
}

const nameOf = (entity: number, version: number) => `Task ${entity} v${version}`;
const versionOf = (name: string): number => Number(/ v(\d+)$/.exec(name)?.[1] ?? -1);

/**
 * Runs a fleet of example servers (child processes) on one Postgres against simulators served over
 * HTTP: Odoo webhooks reach them through a load balancer; half-way through, one worker is SIGKILLed.
 * Then checks what the fleet promises: one Plane item per task, names written in order, the last one
 * landed, every accepted event done and in the ledger. Reconciliation and the poller are off, so
 * nothing repairs a lost event behind the oracle's back.
 */
export async function runFleet(options: FleetRunOptions): Promise<FleetRunReport> {
  const odoo = createOdooSimulator({ version: 17, db: 'fleet' });
  const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'fleet' });
  // Every name written to Plane, per work item, in the order the writes arrived.
  const written = new Map<string, { name: string; at: number }[]>();
  const recorder = http.all(/\/(work-items|issues)\/([0-9a-f-]{36})\/$/, async ({ request }) => {
    if (request.method !== 'PATCH') return undefined;
    const id = /\/([0-9a-f-]{36})\/$/.exec(new URL(request.url).pathname)?.[1] ?? '';
    const body = (await request.clone().json()) as { name?: unknown };
    if (typeof body.name === 'string')
      written.set(id, [...(written.get(id) ?? []), { name: body.name, at: Date.now() }]);
    return undefined;
  });
  const projects = [0, 1, 2, 3, 4].map((index) =>
    odoo.create('project.project', { name: `Fleet ${index}` }),
  );
  const [servedOdoo, servedPlane] = await Promise.all([
    odoo.serve(),
    serveHandlers([recorder, ...plane.handlers], { handlerOrigin: plane.baseUrl }),
  ]);
  const token = 'f'.repeat(32);
  const environment = {
    ODOO_URL: servedOdoo.url,
    ODOO_DB: odoo.db,
    ODOO_LOGIN: odoo.login,
    ODOO_API_KEY: odoo.apiKey,
    PLANE_URL: servedPlane.url,
    PLANE_API_KEY: plane.apiKey,
    PLANE_WORKSPACE: plane.workspaceSlug,
    PLANE_RATE_LIMIT_PER_MINUTE: '10000',
    WEBHOOK_TOKEN: token,
    PLANE_WEBHOOK_SECRET: 'plane_wh_fleet',
    DATABASE_URL: options.databaseUrl,
    WORKER_CONCURRENCY: '4',
    QUEUE_JOB_TIMEOUT_SECONDS: '20',
    POLL_INTERVAL_SECONDS: '0',
    RECONCILE_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'error',
  };
  const workers: FleetWorker[] = [];
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  const balancer = await startLoadBalancer(workers);
  try {
    // The first worker migrates the database and backfills the projects; the others join it.
    workers.push(await startFleetWorker(environment, 120_000));
    for (let index = 1; index < options.workers; index += 1)
      workers.push(await startFleetWorker(environment, 120_000));
    odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['write_date'],
      url: `${balancer.url}/webhooks/odoo/${token}`,
    });

    const started = Date.now();
    const lastWriteAt = new Map<number, number>();
    const tasks: number[] = [];
    for (let entity = 0; entity < options.entities; entity += 1) {
      tasks.push(
        odoo.create('project.task', {
          name: nameOf(entity, 0),
          project_id: projects[entity % projects.length],
        }),
      );
      lastWriteAt.set(entity, Date.now());
    }
    await odoo.settleWebhooks();
    for (let round = 1; round <= options.writesPerEntity; round += 1) {
      // A burst: every entity renamed at once, while the jobs of the round before may still run.
      for (let entity = 0; entity < options.entities; entity += 1) {
        odoo.write('project.task', [tasks[entity]!], { name: nameOf(entity, round) });
        lastWriteAt.set(entity, Date.now());
      }
      if (round === Math.ceil(options.writesPerEntity / 2)) {
        // Mid-run, with deliveries in flight and jobs running: the second worker dies at once.
        workers[1]?.process.kill('SIGKILL');
      }
      await odoo.settleWebhooks();
    }
    const events = odoo.webhookDeliveries.length;

    const finalName = (entity: number) => nameOf(entity, options.writesPerEntity);
    const planeItemsOf = () =>
      plane.listWorkItems() as { id: string; name: string; external_id: string | null }[];
    const settled = async (): Promise<boolean> => {
      const open = await pool.query<{ count: string }>(
        `SELECT (SELECT count(*) FROM ppm.sync_events WHERE status <> 'done')
              + (SELECT count(*) FROM pgboss.job WHERE name = 'sync-jobs' AND state < 'completed') AS count`,
      );
      if (Number(open.rows[0]?.count) !== 0) return false;
      const names = new Set(planeItemsOf().map((item) => item.name));
      return tasks.every((_task, entity) => names.has(finalName(entity)));
    };
    while (!(await settled())) {
      if (Date.now() - started > options.withinMs) break;
      await delay(250);
    }
    const seconds = (Date.now() - started) / 1000;

    const items = planeItemsOf();
    const itemsByTask = new Map<string, number>();
    for (const item of items)
      if (item.external_id !== null)
        itemsByTask.set(item.external_id, (itemsByTask.get(item.external_id) ?? 0) + 1);
    const duplicates = [...itemsByTask.values()].filter((count) => count > 1).length;
    let outOfOrder = 0;
    for (const names of written.values())
      if (
        names.some(
          (write, index) => index > 0 && versionOf(write.name) < versionOf(names[index - 1]!.name),
        )
      )
        outOfOrder += 1;
    const mappings = await pool.query<{ odoo_id: string; plane_id: string }>(
      `SELECT odoo_id, plane_id FROM ppm.entity_mappings WHERE model = 'project.task'`,
    );
    const planeIdOf = new Map(mappings.rows.map((row) => [Number(row.odoo_id), row.plane_id]));
    const itemById = new Map(items.map((item) => [item.id, item]));
    let lost = 0;
    let worstLagMs = 0;
    tasks.forEach((task, entity) => {
      const planeId = planeIdOf.get(task);
      const item = planeId === undefined ? undefined : itemById.get(planeId);
      if (item?.name !== finalName(entity)) {
        lost += 1;
        return;
      }
      const landed = (written.get(item.id) ?? []).find((write) => write.name === item.name)?.at;
      if (landed !== undefined)
        worstLagMs = Math.max(worstLagMs, landed - (lastWriteAt.get(entity) ?? landed));
    });
    const unaccounted = await pool.query<{ count: string }>(
      `SELECT count(*) AS count FROM ppm.sync_events event
       WHERE event.status <> 'done' OR NOT EXISTS (
         SELECT 1 FROM ppm.ledger_entries entry
         WHERE entry.entity_model || ':' || entry.entity_odoo_id = event.entity_key
           AND entry.at >= event.received_at)`,
    );
    const inboxEvents = await pool.query<{ count: string }>(
      'SELECT count(*) AS count FROM ppm.sync_events',
    );
    return {
      events,
      inboxEvents: Number(inboxEvents.rows[0]?.count),
      seconds,
      eventsPerSecond: Math.round(events / seconds),
      worstLagMs,
      duplicates,
      outOfOrder,
      lost,
      unaccounted: Number(unaccounted.rows[0]?.count),
      planeNameWrites: [...written.values()].reduce((sum, names) => sum + names.length, 0),
    };
  } finally {
    await Promise.all(workers.map((worker) => stopFleetWorker(worker)));
    await balancer.close();
    await pool.end();
    await Promise.all([servedOdoo.close(), servedPlane.close()]);
  }
}
