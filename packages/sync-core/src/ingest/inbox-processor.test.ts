import { err, ok, type Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { SyncReport } from '../engine.js';
import type { SyncError } from '../sync-error.js';
import type { SyncJob } from '../sync-job.js';
import { createInMemoryInbox } from '../testing/in-memory-inbox.js';
import { createMemoryLogger } from '../testing/memory-logger.js';
import {
  planeIssueUpdateBody,
  signPlaneBody,
  webhookCaseSecrets,
} from '../testing/webhook-cases.js';
import { createInboxProcessor } from './inbox-processor.js';
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

function setup() {
  const inbox = createInMemoryInbox();
  const ingestor = createWebhookIngestor({
    inbox,
    clock: { now: () => 0, sleep: () => Promise.resolve() },
    secrets: webhookCaseSecrets,
  });
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
  return { inbox, plane, odoo };
}

describe('createInboxProcessor', () => {
  it('turns a burst of per-field Plane deliveries for one work item into one engine run', async () => {
    const { inbox, plane } = setup();
    await plane('name', '2026-11-26T09:03:05.942136Z');
    await plane('priority', '2026-11-26T09:03:05.942136Z');
    await plane('state', '2026-11-26T09:03:11.052089Z');
    const engine = recordingEngine();
    const processor = createInboxProcessor({ inbox, engine, logger: createMemoryLogger() });

    const drained = await processor.drain();

    expect(drained).toEqual({ processed: 3, failed: 0 });
    expect(engine.runs).toHaveLength(1);
    expect(await inbox.count('done')).toBe(3);
  });

  it('runs one job per entity when a drain holds several entities', async () => {
    const { inbox, plane, odoo } = setup();
    await plane('name', 't1', 'w-1');
    await plane('name', 't1', 'w-2');
    await odoo(5);
    const engine = recordingEngine();
    const processor = createInboxProcessor({ inbox, engine, logger: createMemoryLogger() });

    await processor.drain();

    expect(engine.runs.map((job) => job.kind).sort()).toEqual([
      'odoo-record',
      'plane-work-item',
      'plane-work-item',
    ]);
  });

  it('marks failed events failed, keeps them replayable, and completes them after a requeue', async () => {
    const { inbox, odoo } = setup();
    const accepted = (await odoo(7))._unsafeUnwrap();
    let failing = true;
    const engine = recordingEngine(() => failing);
    const logger = createMemoryLogger();
    const processor = createInboxProcessor({ inbox, engine, logger });

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
    const { inbox, plane, odoo } = setup();
    await plane('name', 't1');
    await odoo(3);
    // The first process accepted both events (202) and died before draining.
    const engine = recordingEngine();
    const restarted = createInboxProcessor({ inbox, engine, logger: createMemoryLogger() });

    const drained = await restarted.drain();

    expect(drained).toEqual({ processed: 2, failed: 0 });
    expect(engine.runs).toHaveLength(2);
    expect(await inbox.count('pending')).toBe(0);
  });

  it('does not hand an event over twice when drains overlap', async () => {
    const { inbox, odoo } = setup();
    await odoo(3);
    const engine = recordingEngine();
    const processor = createInboxProcessor({ inbox, engine, logger: createMemoryLogger() });

    const [first, second] = await Promise.all([processor.drain(), processor.drain()]);

    expect(first.processed + second.processed).toBe(1);
    expect(engine.runs).toHaveLength(1);
  });

  it('completes events that hold no job without running anything', async () => {
    const { inbox } = setup();
    await inbox.add({
      source: 'github',
      dedupeKey: 'github:ping:1',
      entityKey: 'github:acme/shop:ping',
      payload: { jobs: [] },
      receivedAt: 0,
    });
    const engine = recordingEngine();
    const processor = createInboxProcessor({ inbox, engine, logger: createMemoryLogger() });

    expect(await processor.drain()).toEqual({ processed: 1, failed: 0 });
    expect(engine.runs).toHaveLength(0);
  });
});
