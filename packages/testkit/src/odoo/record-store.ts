/** One stored row: field name to stored value (many2one as id or false, many2many as id list). */
export type StoredRecord = Record<string, unknown>;

/** Which state of the data a reader sees: everything, or only what is committed. */
export type StoreView = 'live' | 'committed';

/**
 * The tables of one simulated database, with per-model id sequences and, while a long transaction is
 * open, the committed version of every row that transaction touched (so other readers do not see its
 * uncommitted rows, as under PostgreSQL's REPEATABLE READ).
 */
export interface RecordStore {
  allocateId(model: string): number;
  /** Moves a model's sequence forward (never backwards), to line ids up with a recording. */
  advanceSequence(model: string, nextId: number): void;
  get(model: string, id: number, view?: StoreView): StoredRecord | undefined;
  ids(model: string, view?: StoreView): number[];
  /** Replaces a row; inside a long transaction the committed version is kept for other readers. */
  put(model: string, id: number, record: StoredRecord): void;
  remove(model: string, id: number): void;
  /**
   * Opens a long transaction. Rows changed inside `capture` keep their committed version for
   * `committed` readers until `commit` makes the changes visible.
   */
  beginStaging(): { capture<T>(work: () => T): T; commit(): void };
  isStaging(): boolean;
  /** Starts journaling row changes so a failed call can be undone (`rollback`) or kept (`release`). */
  savepoint(): { rollback(): void; release(): void };
}

/**
 * Creates an empty in-memory record store.
 *
 * @example
 * const store = createRecordStore();
 * const id = store.allocateId('project.task');
 * store.put('project.task', id, { id, name: 'Draft' });
 */
export function createRecordStore(): RecordStore {
  const tables = new Map<string, Map<number, StoredRecord>>();
  const sequences = new Map<string, number>();
  let staged: Map<string, Map<number, StoredRecord | null>> | undefined;
  let capturing = false;
  let journal: { model: string; id: number; previous: StoredRecord | undefined }[] | undefined;

  // Sorted ids per model, rebuilt only when a row is added or removed (reads far outnumber inserts).
  const sortedIds = new Map<string, number[]>();

  const table = (model: string): Map<number, StoredRecord> => {
    let rows = tables.get(model);
    if (rows === undefined) {
      rows = new Map();
      tables.set(model, rows);
    }
    return rows;
  };

  const keepCommitted = (model: string, id: number): void => {
    if (staged === undefined || !capturing) return;
    let rows = staged.get(model);
    if (rows === undefined) {
      rows = new Map();
      staged.set(model, rows);
    }
    if (!rows.has(id)) rows.set(id, table(model).get(id) ?? null);
  };

  return {
    allocateId: (model) => {
      const next = sequences.get(model) ?? 1;
      sequences.set(model, next + 1);
      return next;
    },
    advanceSequence: (model, nextId) => {
      sequences.set(model, Math.max(sequences.get(model) ?? 1, nextId));
    },
    get: (model, id, view = 'live') => {
      const stagedRows = view === 'committed' ? staged?.get(model) : undefined;
      if (stagedRows?.has(id) === true) return stagedRows.get(id) ?? undefined;
      return table(model).get(id);
    },
    ids: (model, view = 'live') => {
      let live = sortedIds.get(model);
      if (live === undefined) {
        live = [...table(model).keys()].sort((a, b) => a - b);
        sortedIds.set(model, live);
      }
      const stagedRows = view === 'committed' ? staged?.get(model) : undefined;
      if (stagedRows === undefined) return [...live];
      const visible = new Set(live);
      for (const [id, committed] of stagedRows) {
        if (committed === null) visible.delete(id);
        else visible.add(id);
      }
      return [...visible].sort((a, b) => a - b);
    },
    put: (model, id, record) => {
      journal?.push({ model, id, previous: table(model).get(id) });
      keepCommitted(model, id);
      if (!table(model).has(id)) sortedIds.delete(model);
      table(model).set(id, record);
    },
    remove: (model, id) => {
      journal?.push({ model, id, previous: table(model).get(id) });
      keepCommitted(model, id);
      sortedIds.delete(model);
      table(model).delete(id);
    },
    beginStaging: () => {
      if (staged !== undefined) throw new Error('A long transaction is already open');
      staged = new Map();
      return {
        capture: (work) => {
          capturing = true;
          try {
            return work();
          } finally {
            capturing = false;
          }
        },
        commit: () => {
          staged = undefined;
        },
      };
    },
    isStaging: () => staged !== undefined,
    savepoint: () => {
      if (journal !== undefined) throw new Error('A savepoint is already open');
      const entries: { model: string; id: number; previous: StoredRecord | undefined }[] = [];
      journal = entries;
      return {
        rollback: () => {
          journal = undefined;
          for (const entry of entries) sortedIds.delete(entry.model);
          for (const entry of entries.reverse()) {
            if (entry.previous === undefined) table(entry.model).delete(entry.id);
            else table(entry.model).set(entry.id, entry.previous);
          }
        },
        release: () => {
          journal = undefined;
        },
      };
    },
  };
}
