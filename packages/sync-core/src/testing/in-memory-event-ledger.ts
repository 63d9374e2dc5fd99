import type { EventLedger, LedgerEntry, LedgerFilter } from '../ports.js';

const matches = (entry: LedgerEntry, filter: LedgerFilter): boolean =>
  (filter.correlationId === undefined || entry.correlationId === filter.correlationId) &&
  (filter.outcome === undefined || entry.outcome === filter.outcome) &&
  (filter.before === undefined || entry.at < filter.before);

/**
 * `EventLedger` in memory: append-only, entries copied in and out; `prune` is the only removal.
 *
 * @example
 * const ledger = createInMemoryEventLedger();
 */
export function createInMemoryEventLedger(): EventLedger {
  let entries: LedgerEntry[] = [];
  return {
    append: (entry) => {
      entries.push(structuredClone(entry));
      return Promise.resolve();
    },
    list: (filter = {}) => {
      const selected = entries.filter((entry) => matches(entry, filter));
      const tail =
        filter.last === undefined
          ? selected
          : selected.slice(Math.max(0, selected.length - filter.last));
      return Promise.resolve(tail.map((entry) => structuredClone(entry)));
    },
    count: (filter = {}) =>
      Promise.resolve(entries.filter((entry) => matches(entry, filter)).length),
    prune: (before) => {
      const kept = entries.filter((entry) => entry.at >= before);
      const pruned = entries.length - kept.length;
      entries = kept;
      return Promise.resolve(pruned);
    },
  };
}
