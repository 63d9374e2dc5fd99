/** Runs work one at a time per key: a later call for a key waits for the earlier ones (decision 5). */
export type SerialQueue = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/**
 * Creates a per-key queue held in memory by one engine. A failed piece of work does not stop the next one
 * for its key; a key's entry is dropped once its last work settles.
 */
export function createSerialQueue(): SerialQueue {
  const running = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = running.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    running.set(key, next);
    void next.finally(() => {
      if (running.get(key) === next) running.delete(key);
    });
    return next;
  };
}
