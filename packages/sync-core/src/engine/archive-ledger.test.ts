import { describe, expect, it } from 'vitest';
import { archiveLedger } from './archive-ledger.js';
import type { LedgerEntry } from '../ports.js';
import { createInMemoryEventLedger } from '../testing/in-memory-event-ledger.js';

const at = Date.parse('2026-01-05T09:00:00Z');
const entry = (correlationId: string, entryAt: number): LedgerEntry => ({
  correlationId,
  at: entryAt,
  cause: 'odoo webhook',
  entity: { model: 'project.task', odooId: 1 },
  decision: 'update work item',
  writes: [],
  outcome: 'applied',
});

describe('archiveLedger', () => {
  it('hands the entries older than the cut-off to write, then prunes exactly those', async () => {
    const ledger = createInMemoryEventLedger();
    await ledger.append(entry('old', at - 1));
    await ledger.append(entry('new', at));
    const archived: LedgerEntry[] = [];

    const report = await archiveLedger(ledger, {
      before: at,
      write: (entries) => {
        archived.push(...entries);
        return Promise.resolve();
      },
    });

    expect(report).toEqual({ archived: 1, pruned: 1 });
    expect(archived.map((item) => item.correlationId)).toEqual(['old']);
    expect((await ledger.list()).map((item) => item.correlationId)).toEqual(['new']);
  });

  it('deletes nothing when the archive cannot be written', async () => {
    const ledger = createInMemoryEventLedger();
    await ledger.append(entry('old', at - 1));

    const archiving = archiveLedger(ledger, {
      before: at,
      write: () => Promise.reject(new Error('disk full')),
    });

    await expect(archiving).rejects.toThrow('disk full');
    expect(await ledger.count()).toBe(1);
  });
});
