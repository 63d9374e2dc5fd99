import type { SyncStateStore } from '../ports.js';

/**
 * `SyncStateStore` in memory; values are copied in and out (JSON semantics).
 *
 * @example
 * const state = createInMemorySyncStateStore();
 */
export function createInMemorySyncStateStore(): SyncStateStore {
  const values = new Map<string, string>();
  return {
    get: (name) => {
      const stored = values.get(name);
      return Promise.resolve(stored === undefined ? null : (JSON.parse(stored) as unknown));
    },
    put: (name, value) => {
      values.set(name, JSON.stringify(value));
      return Promise.resolve();
    },
  };
}
