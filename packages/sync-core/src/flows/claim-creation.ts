import type { Mapping, MappingKey } from '../ports.js';
import { type FlowContext } from './flow-context.js';
import { serialKeyOf } from './mapping-keys.js';

/** What a creator may do for an Odoo record that had no active mapping when it looked. */
export type CreationClaim =
  /** Another job or worker created the Plane entity meanwhile: update through this mapping instead. */
  | { readonly kind: 'mapped'; readonly mapping: Mapping }
  /**
   * Create the entity under this pending mapping. `mayExist`: the pending mapping was left by an earlier
   * creator that is no longer running (a failed attempt, a crash), whose create may have gone through, so
   * look the entity up by its external id first.
   */
  | { readonly kind: 'create'; readonly pending: Mapping; readonly mayExist: boolean };

/**
 * How long a creator waits for another worker's pending mapping, on the injected clock: polls back off from
 * `firstPollMs` to `maxPollMs`; a pending mapping older than `staleAfterMs` (or waited on that long) is taken
 * to belong to a crashed worker. Generous, because a live worker's create may wait for Plane's rate budget;
 * a create that still races a slow live worker is caught by Plane's 409 and adopted.
 */
export const pendingCreationWait = {
  firstPollMs: 100,
  maxPollMs: 5_000,
  staleAfterMs: 30_000,
} as const;

/**
 * Claims the creation of an Odoo record's Plane twin (decision 4). Called holding the record's serial key,
 * so no other job of this engine is creating it. Records the pending mapping (compare-and-set, the guard
 * between workers sharing the store); when another worker's pending mapping is there, waits for it and
 * re-reads instead of creating, until it is active (→ `mapped`) or stale (→ `create`, resolving it by
 * external id as crash recovery does).
 */
export async function claimCreation(
  context: FlowContext<unknown, unknown>,
  key: MappingKey,
  planeProjectId: string | null,
): Promise<CreationClaim> {
  const serialKey = serialKeyOf(key);
  let waitedMs = 0;
  let pollMs: number = pendingCreationWait.firstPollMs;
  for (;;) {
    const current = await context.store.get(key);
    if (current === null) {
      const recorded = await context.store.put(
        {
          key,
          status: 'pending',
          planeId: null,
          planeProjectId,
          shadow: {},
          updatedAt: context.clock.now(),
        },
        null,
      );
      if (recorded.isOk()) {
        context.pendingRecordedHere.set(serialKey, recorded.value.version);
        return { kind: 'create', pending: recorded.value, mayExist: false };
      }
      // Another worker recorded it between our read and our write: look again.
      continue;
    }
    if (current.status === 'active') {
      context.pendingRecordedHere.delete(serialKey);
      return { kind: 'mapped', mapping: current };
    }
    const abandoned =
      context.pendingRecordedHere.get(serialKey) === current.version ||
      context.clock.now() - current.updatedAt >= pendingCreationWait.staleAfterMs ||
      waitedMs >= pendingCreationWait.staleAfterMs;
    if (abandoned) return { kind: 'create', pending: current, mayExist: true };
    await context.clock.sleep(pollMs);
    waitedMs += pollMs;
    pollMs = Math.min(pollMs * 2, pendingCreationWait.maxPollMs);
  }
}
