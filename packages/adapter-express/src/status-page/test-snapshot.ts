import type { StatusPageSnapshot } from './status-page-source.js';

/**
 * A snapshot with a row in every section, for the renderer's and the router's tests. `text` fills every
 * free-text field (names, causes, errors, ids), so one hostile string reaches all of them at once.
 */
export function testSnapshot(text = 'Accessibility audit'): StatusPageSnapshot {
  const entity = { key: 'project.task:42', name: text };
  const entry = {
    at: '2026-12-01T09:30:00.000Z',
    correlationId: `corr-${text}`,
    entity,
    cause: `odoo webhook ${text}`,
    decision: `update work item ${text}`,
    outcome: 'applied',
  };
  return {
    readAt: '2026-12-01T10:00:00.000Z',
    projects: [
      {
        name: text,
        odooId: 7,
        planeProjectId: `plane-project-${text}`,
        milestones: 2,
        tasks: 5,
        pending: 1,
      },
    ],
    queue: { depth: 3 },
    inbox: { pending: 4, failed: 1, dead: 1 },
    lastReconciliation: {
      at: '2026-12-01T08:00:00.000Z',
      status: 'partial',
      dryRun: false,
      checked: 14,
      drift: 2,
      repaired: 2,
      failed: 1,
    },
    ledger: [entry, { ...entry, outcome: 'unchanged', decision: 'no change' }],
    conflicts: {
      total: 3,
      recent: [{ ...entry, outcome: 'conflict', decision: `name is owned by Odoo: ${text}` }],
    },
    failures: [
      {
        entity,
        consecutive: 3,
        lastCause: `plane 503 ${text}`,
        lastAt: '2026-12-01T09:45:00.000Z',
        alerted: true,
      },
    ],
    failedEvents: [
      {
        id: `event-dead-${text}`,
        source: 'odoo',
        entity,
        status: 'dead',
        attempts: 24,
        lastError: `plane 400 ${text}`,
        receivedAt: '2026-12-01T09:40:00.000Z',
        retryAt: null,
      },
      {
        id: 'event-failed-2',
        source: 'plane',
        entity: { key: 'plane:0b6e', name: null },
        status: 'failed',
        attempts: 2,
        lastError: null,
        receivedAt: '2026-12-01T09:41:00.000Z',
        retryAt: '2026-12-01T10:01:00.000Z',
      },
    ],
    planeBudget: {
      limit: 60,
      windowMs: 60_000,
      used: 6,
      remaining: 54,
      waiting: { live: 0, reconcile: 0, backfill: 2 },
    },
  };
}
