import { err, ok, type Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { SyncReport } from '../engine.js';
import { describeSyncError, type SyncError } from '../sync-error.js';
import type { InboxPayload } from '../ports.js';
import type { SyncJob } from '../sync-job.js';
import { createInMemoryInbox } from '../testing/in-memory-inbox.js';
import { createMemoryLogger } from '../testing/memory-logger.js';
import {
  planeIssueUpdateBody,
  signPlaneBody,
  webhookCaseSecrets,
} from '../testing/webhook-cases.js';
import { createInboxProcessor } from './inbox-processor.js';
import { replayFailedEvents } from './replay-failed-events.js';
import { createWebhookIngestor } from './webhook-ingestor.js';

const report: SyncReport = {
  correlationId: 'c',
  applied: 0,
  unchanged: 1,
  deferred: 0,
  conflicts: 0,
  skipped: 0,
};
const notFound: SyncError = { kind: 'not-found', model: 'project.task', odooId: 7 };

/** An engine that records the jobs it is asked to run and fails the ones `failing` says. */
function recordingEngine(failing: (job: SyncJob) => boolean = () => false) {
  const runs: SyncJob[] = [];
  return {
    runs,
    run: (job: SyncJob): Promise<Result<SyncReport, SyncError>> => {
      runs.push(job);
      return Promise.resolve(failing(job) ? err(notFound) : ok(report));
    },
  };
}

const encoder = new TextEncoder();

const minute = 60_000;
const day = 24 * 60 * minute;

/** A clock that moves only when a test says so. */
function manualClock(start = Date.parse('2026-01-05T09:00:00Z')) {
  let current = start;
  return {
    now: () => current,
    sleep: () => Promise.resolve(),
    advance: (ms: number) => {
      current += ms;
    },
  };
}

function setup() {
  const inbox = createInMemoryInbox();
  const clock = manualClock();
  const ingestor = createWebhookIngestor({ inbox, clock, secrets: webhookCaseSecrets });
  const plane = async (field: string, updatedAt: string, workItemId = 'w-1') => {
    const body = planeIssueUpdateBody({ workItemId, projectId: 'p-1', field, updatedAt });
    return ingestor.ingest({
      source: 'plane',
      rawBody: encoder.encode(body),
      headers: {
        'X-Plane-Signature': await signPlaneBody(webhookCaseSecrets.planeWebhookSecret, body),
      },
    });
  };
  const odoo = (odooId: number) =>
    ingestor.ingest({
      source: 'odoo',
      token: webhookCaseSecrets.odooToken,
      rawBody: encoder.encode(
        `{"_action": "Send Webhook Notification(#228)", "_id": ${odooId}, "_model": "project.task", "id": ${odooId}}`,
      ),
      headers: {},
    });
  return { inbox, clock, plane, odoo };
}

/** A processor whose engine fails until `recover()`, dead-lettering an event after its first run. */
function deadLetteringAfterOneRun(
  inbox: ReturnType<typeof setup>['inbox'],
  clock: ReturnType<typeof setup>['clock'],
) {
  let failing = true;
  const engine = recordingEngine(() => failing);
  const processor = createInboxProcessor({
    inbox,
    engine,
    clock,
    logger: createMemoryLogger(),
    retry: { maxAttempts: 1 },
  });
  return {
    engine,
    processor,
    recover: () => {
      failing = false;
    },
  };
}

describe('createInboxProcessor', () => {
  it('turns a burst of per-field Plane deliveries for one work item into one engine run', async () => {
    const { inbox, clock, plane } = setup();
    await plane('name', '2026-11-26T09:03:05.942136Z');
    await plane('priority', '2026-11-26T09:03:05.942136Z');
    await plane('state', '2026-11-26T09:03:11.052089Z');
    const engine = recordingEngine();
    const processor = createInboxProcessor({ inbox, engine, clock, logger: createMemoryLogger() });

    const drained = await processor.drain();

    expect(drained).toEqual({ processed: 3, failed: 0 });
    expect(engine.runs).toHaveLength(1);
    expect(await inbox.count('done')).toBe(3);
  });

  it('runs one job per entity when a drain holds several entities', async () => {
    const { inbox, clock, plane, odoo } = setup();
    await plane('name', 't1', 'w-1');
    await plane('name', 't1', 'w-2');
    await odoo(5);
    const engine = recordingEngine();
    const processor = createInboxProcessor({ inbox, engine, clock, logger: createMemoryLogger() });

    await processor.drain();

    expect(engine.runs.map((job) => job.kind).sort()).toEqual([
      'odoo-record',
      'plane-work-item',
      'plane-work-item',
    ]);
  });

  it('marks failed events failed, keeps them replayable, and completes them after a requeue', async () => {
    const { inbox, clock, odoo } = setup();
    const accepted = (await odoo(7))._unsafeUnwrap();
    let failing = true;
    const engine = recordingEngine(() => failing);
    const logger = createMemoryLogger();
    const processor = createInboxProcessor({ inbox, engine, clock, logger });

    const first = await processor.drain();
    failing = false;
    await inbox.requeue(accepted.eventId);
    const replay = await processor.drain();

    expect(first).toEqual({ processed: 0, failed: 1 });
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'inbox event failed' }),
    );
    expect(replay).toEqual({ processed: 1, failed: 0 });
    expect(await inbox.count('done')).toBe(1);
    expect(await inbox.count('failed')).toBe(0);
  });

  it('loses nothing across a restart: a new processor drains what the old one never ran', async () => {
    const { inbox, clock, plane, odoo } = setup();
    await plane('name', 't1');
    await odoo(3);
    // The first process accepted both events (202) and died before draining.
    const engine = recordingEngine();
    const restarted = createInboxProcessor({ inbox, engine, clock, logger: createMemoryLogger() });

    const drained = await restarted.drain();

    expect(drained).toEqual({ processed: 2, failed: 0 });
    expect(engine.runs).toHaveLength(2);
    expect(await inbox.count('pending')).toBe(0);
  });

  it('does not hand an event over twice when drains overlap', async () => {
    const { inbox, clock, odoo } = setup();
    await odoo(3);
    const engine = recordingEngine();
    const processor = createInboxProcessor({ inbox, engine, clock, logger: createMemoryLogger() });

    const [first, second] = await Promise.all([processor.drain(), processor.drain()]);

    expect(first.processed + second.processed).toBe(1);
    expect(engine.runs).toHaveLength(1);
  });

  it('completes events that hold no job without running anything', async () => {
    const { inbox, clock } = setup();
    await inbox.add({
      source: 'github',
      dedupeKey: 'github:ping:1',
      entityKey: 'github:acme/shop:ping',
      payload: { source: 'github', jobs: [] },
      receivedAt: 0,
    });
    const engine = recordingEngine();
    const processor = createInboxProcessor({ inbox, engine, clock, logger: createMemoryLogger() });

    expect(await processor.drain()).toEqual({ processed: 1, failed: 0 });
    expect(engine.runs).toHaveLength(0);
  });

  it('retries a failed event automatically once its first delay (1 min) has passed', async () => {
    const { inbox, clock, odoo } = setup();
    await odoo(7);
    let failing = true;
    const engine = recordingEngine(() => failing);
    const processor = createInboxProcessor({ inbox, engine, clock, logger: createMemoryLogger() });
    await processor.drain();
    const [failed] = await inbox.listFailed(10);
    failing = false;

    clock.advance(minute - 1);
    const early = await processor.drain();
    clock.advance(1);
    const due = await processor.drain();

    expect(failed).toMatchObject({ status: 'failed', attempts: 1, retryAt: clock.now() });
    expect(early).toEqual({ processed: 0, failed: 0 });
    expect(due).toEqual({ processed: 1, failed: 0 });
    expect(engine.runs).toHaveLength(2);
    expect(await inbox.count('failed')).toBe(0);
    expect(await inbox.listFailed(10)).toEqual([]);
  });

  it('waits 1, 5 and 30 minutes, then hourly, and dead-letters after maxAttempts runs', async () => {
    const { inbox, clock, odoo } = setup();
    await odoo(7);
    const engine = recordingEngine(() => true);
    const logger = createMemoryLogger();
    const processor = createInboxProcessor({
      inbox,
      engine,
      clock,
      logger,
      retry: { maxAttempts: 5 },
    });
    const start = clock.now();
    const retryTimes: (number | null)[] = [];

    for (let run = 0; run < 5; run += 1) {
      await processor.drain();
      const [event] = await inbox.listFailed(1);
      retryTimes.push(event?.retryAt ?? null);
      if (event?.retryAt != null) clock.advance(event.retryAt - clock.now());
    }
    clock.advance(10 * day);
    const afterDeath = await processor.drain();

    expect(retryTimes.map((at) => (at === null ? null : (at - start) / minute))).toEqual([
      1,
      1 + 5,
      1 + 5 + 30,
      1 + 5 + 30 + 60,
      null,
    ]);
    expect(await inbox.listFailed(10)).toMatchObject([
      { status: 'dead', attempts: 5, retryAt: null, lastError: describeSyncError(notFound) },
    ]);
    expect(await inbox.count('dead')).toBe(1);
    expect(afterDeath).toEqual({ processed: 0, failed: 0 });
    expect(engine.runs).toHaveLength(5);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'inbox event dead-lettered' }),
    );
  });

  it('replays a dead letter on an explicit call, and it leaves the failed list', async () => {
    const { inbox, clock, odoo } = setup();
    const accepted = (await odoo(7))._unsafeUnwrap();
    const { processor, recover } = deadLetteringAfterOneRun(inbox, clock);
    await processor.drain();
    const deadBefore = await inbox.count('dead');
    recover();

    const replayed = await replayFailedEvents(inbox);
    const drained = await processor.drain();

    expect(deadBefore).toBe(1);
    expect(replayed).toEqual([accepted.eventId]);
    expect(drained).toEqual({ processed: 1, failed: 0 });
    expect(await inbox.count('dead')).toBe(0);
    expect(await inbox.listFailed(10)).toEqual([]);
  });

  it('runs a dead-lettered change again when it is delivered again: the dedupe key does not block it', async () => {
    const { inbox, clock, odoo } = setup();
    await odoo(7);
    const { engine, processor, recover } = deadLetteringAfterOneRun(inbox, clock);
    await processor.drain();
    recover();

    const again = (await odoo(7))._unsafeUnwrap();
    const drained = await processor.drain();

    expect(again.duplicate).toBe(false);
    expect(drained).toEqual({ processed: 1, failed: 0 });
    expect(engine.runs).toHaveLength(2);
    expect(await inbox.count('done')).toBe(1);
  });

  it('prunes processed events after the retention age (default 7 days) and keeps failed ones', async () => {
    const { inbox, clock, odoo } = setup();
    await odoo(1);
    await odoo(2);
    const engine = recordingEngine((job) => job.kind === 'odoo-record' && job.odooId === 2);
    const processor = createInboxProcessor({
      inbox,
      engine,
      clock,
      logger: createMemoryLogger(),
      retry: { maxAttempts: 1 },
    });
    await processor.drain();

    clock.advance(7 * day - minute);
    await processor.drain();
    const doneBeforeAge = await inbox.count('done');
    // Pruning runs at most once an hour, so an event goes within an hour of reaching the age.
    clock.advance(60 * minute);
    await processor.drain();

    expect(doneBeforeAge).toBe(1);
    expect(await inbox.count('done')).toBe(0);
    expect(await inbox.count('dead')).toBe(1);
  });

  it('fails an event whose stored payload does not fit its source, with a log line that says so', async () => {
    const { inbox, clock } = setup();
    const odooJobInPlanePayload = {
      source: 'plane',
      jobs: [{ kind: 'odoo-record', model: 'project.task', odooId: 7 }],
    };
    await inbox.add({
      source: 'plane',
      dedupeKey: 'plane:hand-written',
      entityKey: 'project.task:7',
      // A store or an older version could hand back anything: the types cannot promise it.
      payload: odooJobInPlanePayload as unknown as InboxPayload,
      receivedAt: 0,
    });
    const engine = recordingEngine();
    const logger = createMemoryLogger();
    const processor = createInboxProcessor({ inbox, engine, clock, logger });

    const drained = await processor.drain();

    expect(drained).toEqual({ processed: 0, failed: 1 });
    expect(engine.runs).toEqual([]);
    expect(logger.records).toContainEqual({
      level: 'error',
      message: 'inbox event payload does not fit its source',
      fields: expect.objectContaining({
        source: 'plane',
        problem: 'holds a job of kind "odoo-record", which plane does not yield',
      }) as unknown,
    });
  });

  it('types the payload per source, so a job of another source does not typecheck', () => {
    const planePayload: InboxPayload = {
      source: 'plane',
      // @ts-expect-error an Odoo job in a Plane payload
      jobs: [{ kind: 'odoo-record', model: 'project.task', odooId: 7 }],
    };
    const pollerPayload: InboxPayload = {
      source: 'poller',
      jobs: [{ kind: 'odoo-record', model: 'project.task', odooId: 7 }],
    };

    expect([planePayload.source, pollerPayload.source]).toEqual(['plane', 'poller']);
  });
});
