import { err, ok, type Result } from 'neverthrow';
import type { ChangeCursor, ChangedPage, OdooRecord } from './changed-since.js';
import { invalidResponse, type OdooClientError } from './errors.js';
import { epochMsFromInstant, instantFromEpochMs, parseInstant } from './values.js';
import { writeDateOf } from './write-date.js';

/** Where one poll got to, and which records it must not deliver again. */
export interface ChangeProgress {
  /**
   * Drops the records already delivered (by `"<id>@<writeDate>"`), advances the cursor past the rest and
   * forgets keys older than the overlap window. `null` when nothing in `records` is new.
   */
  deliver(records: readonly OdooRecord[]): Result<ChangedPage | null, OdooClientError>;
}

interface Position {
  readonly epochMs: number;
  readonly id: number;
}

/**
 * Starts the bookkeeping of one poll from the stored cursor (`null`: from the beginning).
 *
 * @example
 * const progress = createChangeProgress(cursor, 300_000);
 * const page = progress.deliver(records); // Ok(null) when every record was delivered before
 */
export function createChangeProgress(
  cursor: ChangeCursor | null,
  overlapMs: number,
): ChangeProgress {
  const recent = recentFromCursor(cursor);
  let position: Position | null =
    cursor === null ? null : { epochMs: epochMsFromInstant(cursor.writeDate), id: cursor.id };

  const deliver = (page: readonly OdooRecord[]): Result<ChangedPage | null, OdooClientError> => {
    const fresh: OdooRecord[] = [];
    for (const record of page) {
      const writeDate = writeDateOf(record);
      if (writeDate === null) {
        return err(
          invalidResponse([{ path: `${record.id}.write_date`, message: 'Expected a datetime' }]),
        );
      }
      const epochMs = epochMsFromInstant(writeDate);
      const key = `${record.id}@${writeDate}`;
      if (recent.has(key)) continue;
      recent.set(key, epochMs);
      fresh.push(record);
      if (
        position === null ||
        epochMs > position.epochMs ||
        (epochMs === position.epochMs && record.id > position.id)
      ) {
        position = { epochMs, id: record.id };
      }
    }
    if (fresh.length === 0 || position === null) return ok(null);
    const floor = position.epochMs - overlapMs;
    for (const [key, epochMs] of recent) if (epochMs < floor) recent.delete(key);
    return ok({
      records: fresh,
      cursor: {
        writeDate: instantFromEpochMs(position.epochMs),
        id: position.id,
        recent: [...recent.keys()],
      },
    });
  };

  return { deliver };
}

/** The cursor's `recent` keys with their write dates; keys that do not read as `<id>@<date>` are dropped. */
function recentFromCursor(cursor: ChangeCursor | null): Map<string, number> {
  const recent = new Map<string, number>();
  for (const key of cursor?.recent ?? []) {
    const at = key.indexOf('@');
    const when = parseInstant(key.slice(at + 1));
    if (at > 0 && when !== null) recent.set(key, epochMsFromInstant(when));
  }
  return recent;
}
