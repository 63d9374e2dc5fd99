import type { EventLedger, LedgerEntry } from '../ports.js';

/**
 * `EventLedger` in memory: append-only, entries copied in and out.
 *
 * @example
 * const ledger = createInMemoryEventLedger();
 */
export function createInMemoryEventLedger(): EventLedger {
  const entries: LedgerEntry[] = [];
  return {
    append: (entry) => {
      entries.push(structuredClone(entry));
      return Promise.resolve();
    },
    list: (filter = {}) =>
      Promise.resolve(
        entries
          .filter(
            (entry) =>
              filter.correlationId === undefined || entry.correlationId === filter.correlationId,
          )
          .filter((entry) => filter.outcome === undefined || entry.outcome === filter.outcome)
          .map((entry) => structuredClone(entry)),
      ),
  };
}
