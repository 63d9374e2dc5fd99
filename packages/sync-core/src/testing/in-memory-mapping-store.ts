import { err, ok } from 'neverthrow';
import type { Mapping, MappingKey, MappingStore } from '../ports.js';

/** Reads the time for `updatedAt`; the twin of the `Clock` port's `now`. */
type Now = () => number;

const keyOf = (key: MappingKey): string => `${key.model}:${key.odooId}`;

/**
 * `MappingStore` in memory, with the same compare-and-set semantics as the SQL stores. Values are copied
 * in and out, so a caller can never change a stored mapping by mutating an object.
 *
 * @example
 * const store = createInMemoryMappingStore();
 */
export function createInMemoryMappingStore(now: Now = () => 0): MappingStore {
  const byKey = new Map<string, Mapping>();
  const copy = (mapping: Mapping): Mapping => structuredClone(mapping);
  return {
    get: (key) => Promise.resolve(byKey.has(keyOf(key)) ? copy(byKey.get(keyOf(key))!) : null),
    findByPlaneId: (planeId) => {
      for (const mapping of byKey.values())
        if (mapping.planeId === planeId) return Promise.resolve(copy(mapping));
      return Promise.resolve(null);
    },
    put: (mapping, expectedVersion) => {
      const existing = byKey.get(keyOf(mapping.key));
      const actualVersion = existing?.version ?? null;
      if (actualVersion !== expectedVersion) {
        return Promise.resolve(
          err({ kind: 'version-conflict', key: mapping.key, expectedVersion, actualVersion }),
        );
      }
      const stored: Mapping = {
        ...structuredClone(mapping),
        version: (actualVersion ?? 0) + 1,
        updatedAt: now(),
      };
      byKey.set(keyOf(mapping.key), stored);
      return Promise.resolve(ok(copy(stored)));
    },
    list: (filter = {}) =>
      Promise.resolve(
        [...byKey.values()]
          .filter((mapping) => filter.model === undefined || mapping.key.model === filter.model)
          .filter(
            (mapping) =>
              filter.planeProjectId === undefined ||
              mapping.planeProjectId === filter.planeProjectId,
          )
          .sort((a, b) => keyOf(a.key).localeCompare(keyOf(b.key)) || a.key.odooId - b.key.odooId)
          .map(copy),
      ),
    count: (filter = {}) => {
      const counts = { 'project.project': 0, 'project.milestone': 0, 'project.task': 0 };
      for (const mapping of byKey.values())
        if (filter.status === undefined || mapping.status === filter.status)
          counts[mapping.key.model] += 1;
      return Promise.resolve(counts);
    },
  };
}
