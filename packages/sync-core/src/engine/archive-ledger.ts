import type { EventLedger, LedgerEntry } from '../ports.js';

/** What {@link archiveLedger} did. */
export interface LedgerArchiveReport {
  /** Entries handed to `write`. */
  readonly archived: number;
  /** Entries deleted from the ledger afterwards. */
  readonly pruned: number;
}

/**
 * The explicit retention step for the audit ledger (the sync never prunes it by itself): hands every entry
 * older than `before` to `write` (a JSON Lines file, a bucket, a warehouse table), and only once `write`
 * resolved deletes them from the ledger. When `write` rejects, nothing is deleted. Pass a `write` that
 * discards to prune without keeping a copy.
 *
 * @example
 * const ninetyDays = 90 * 24 * 60 * 60_000;
 * await archiveLedger(stores.ledger, {
 *   before: clock.now() - ninetyDays,
 *   write: (entries) => appendFile('ledger-archive.jsonl', entries.map((e) => JSON.stringify(e) + '\n').join('')),
 * });
 */
export async function archiveLedger(
  ledger: Pick<EventLedger, 'list' | 'prune'>,
  options: {
    readonly before: number;
    readonly write: (entries: readonly LedgerEntry[]) => Promise<void>;
  },
): Promise<LedgerArchiveReport> {
  const entries = await ledger.list({ before: options.before });
  if (entries.length > 0) await options.write(entries);
  const pruned = await ledger.prune(options.before);
  return { archived: entries.length, pruned };
}
