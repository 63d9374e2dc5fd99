import { err, ok, type Result } from 'neverthrow';
import type { Mapping } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import type { FlowContext } from './flow-context.js';
import { serialKeyOf } from './mapping-keys.js';

/** Compare-and-set write of a mapping, as a `SyncError` when another writer won. */
export async function putMapping(
  context: Pick<FlowContext<unknown, unknown>, 'store'>,
  mapping: Omit<Mapping, 'version'>,
  expectedVersion: number | null,
): Promise<Result<Mapping, SyncError>> {
  const stored = await context.store.put(mapping, expectedVersion);
  return stored.isOk() ? ok(stored.value) : err({ kind: 'mapping-conflict', key: mapping.key });
}

/**
 * Compare-and-set write that turns a pending mapping active. When another worker activated the same pending
 * mapping first with the same Plane entity (both adopted one create), the outcome is the same: it is returned.
 */
export async function activateMapping(
  context: Pick<FlowContext<unknown, unknown>, 'store' | 'pendingRecordedHere'>,
  mapping: Omit<Mapping, 'version'> & { readonly status: 'active'; readonly planeId: string },
  pendingVersion: number,
): Promise<Result<Mapping, SyncError>> {
  const stored = await putMapping(context, mapping, pendingVersion);
  const current = stored.isOk() ? stored.value : await context.store.get(mapping.key);
  if (current?.status !== 'active' || current.planeId !== mapping.planeId) return stored;
  context.pendingRecordedHere.delete(serialKeyOf(mapping.key));
  return ok(current);
}
