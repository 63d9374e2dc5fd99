import type { FailureRecord, FailureTracker } from '../ports.js';

/**
 * `FailureTracker` in memory.
 *
 * @example
 * const failures = createInMemoryFailureTracker();
 */
export function createInMemoryFailureTracker(): FailureTracker {
  const records = new Map<string, FailureRecord>();
  return {
    recordFailure: (entityKey, cause, at) => {
      const previous = records.get(entityKey);
      const next: FailureRecord = {
        entityKey,
        consecutive: (previous?.consecutive ?? 0) + 1,
        lastCause: cause,
        lastAt: at,
        alertedAt: previous?.alertedAt ?? null,
      };
      records.set(entityKey, next);
      return Promise.resolve({ ...next });
    },
    recordSuccess: (entityKey) => {
      const previous = records.get(entityKey) ?? null;
      records.delete(entityKey);
      return Promise.resolve(previous);
    },
    markAlerted: (entityKey, at) => {
      const previous = records.get(entityKey);
      if (previous !== undefined) records.set(entityKey, { ...previous, alertedAt: at });
      return Promise.resolve();
    },
    listOpen: () =>
      Promise.resolve(
        [...records.values()]
          .sort((a, b) => a.entityKey.localeCompare(b.entityKey))
          .map((record) => ({ ...record })),
      ),
  };
}
