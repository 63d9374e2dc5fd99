import type Database from 'better-sqlite3';

/** Deletes the ledger entries older than `before` and answers how many went. */
export type LedgerPruneTransaction = Database.Transaction<(before: number) => number>;

/**
 * The prune transaction, prepared on first use: the cut-off table arrives with migration 3, and appending
 * needs only 1.
 */
export function preparePruneOnFirstUse(db: Database.Database): () => LedgerPruneTransaction {
  let pruneOlder: LedgerPruneTransaction | null = null;
  return () => {
    if (pruneOlder !== null) return pruneOlder;
    const insertCutoff = db.prepare<[number]>(
      'INSERT INTO ledger_prune_cutoff (cutoff_at) VALUES (?)',
    );
    const deleteOlder = db.prepare<[number]>('DELETE FROM ledger_entries WHERE at < ?');
    const clearCutoff = db.prepare('DELETE FROM ledger_prune_cutoff');
    // The delete trigger lets a row go only while its cut-off is recorded: within this transaction.
    pruneOlder = db.transaction((before: number): number => {
      insertCutoff.run(before);
      const { changes } = deleteOlder.run(before);
      clearCutoff.run();
      return changes;
    });
    return pruneOlder;
  };
}
