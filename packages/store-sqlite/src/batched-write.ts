/** A write that joins the others asked for in the same turn of the event loop. */
export interface BatchedWrite<T, R> {
  /** Resolves with the item's result once its batch is committed; rejects with its own or the batch's error. */
  (item: T): Promise<R>;
  /** Writes the waiting batch now (before the connection closes, say). */
  flush(): void;
}

/** How a batch is written: every item's write inside one transaction. */
export interface BatchedWriteOptions<T, R> {
  /** Runs `work` in one transaction and commits it; throws when the commit fails. */
  readonly inTransaction: (work: () => void) => void;
  /**
   * Writes one item. Its error fails that item only, so it must leave nothing half-written: one
   * statement, or a better-sqlite3 transaction function (which nests as a savepoint).
   */
  readonly write: (item: T) => R;
  /**
   * Whether the transaction is still open after an item failed: SQLite rolls a whole transaction back on
   * some errors (a full disk, an I/O error), and then the batch fails as a whole.
   */
  readonly stillInTransaction: () => boolean;
}

type Outcome<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/**
 * Group commit: gathers the items asked for until the event loop's next check phase (`setImmediate`),
 * then writes them in one transaction. Concurrent webhook deliveries share one commit (one WAL append of
 * the pages they touch, mostly the same pages) instead of one each, and each caller still learns only
 * after the commit that its item is written.
 */
export function createBatchedWrite<T, R>(options: BatchedWriteOptions<T, R>): BatchedWrite<T, R> {
  interface Waiting {
    readonly item: T;
    readonly resolve: (value: R) => void;
    readonly reject: (error: unknown) => void;
  }
  let batch: Waiting[] = [];
  let scheduled: ReturnType<typeof setImmediate> | null = null;
  const flush = (): void => {
    if (scheduled !== null) clearImmediate(scheduled);
    scheduled = null;
    const waiting = batch;
    batch = [];
    if (waiting.length === 0) return;
    const outcomes: Outcome<R>[] = [];
    try {
      options.inTransaction(() => {
        for (const entry of waiting) {
          try {
            outcomes.push({ ok: true, value: options.write(entry.item) });
          } catch (error) {
            if (!options.stillInTransaction()) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // Nothing of the batch is committed: every caller learns it.
      for (const entry of waiting) entry.reject(error);
      return;
    }
    waiting.forEach((entry, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  };
  const batched = (item: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      batch.push({ item, resolve, reject });
      scheduled ??= setImmediate(flush);
    });
  return Object.assign(batched, { flush });
}
