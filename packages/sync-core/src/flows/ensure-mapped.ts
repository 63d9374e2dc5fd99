import { ok, type Result } from 'neverthrow';
import type { Mapping, MappingKey } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import type { FlowContext } from './flow-context.js';

/**
 * The active mapping of a parent a job needs; when there is none, `sync` runs under the parent's own
 * serial key, so jobs racing on one new parent create it once and the later ones re-read it.
 */
export async function ensureMapped<M extends Mapping | null>(
  context: Pick<FlowContext<unknown, unknown>, 'store' | 'runSerially'>,
  key: MappingKey,
  sync: (settled: Mapping | null) => Promise<Result<M, SyncError>>,
): Promise<Result<Mapping | M, SyncError>> {
  const existing = await context.store.get(key);
  if (existing?.status === 'active') return ok(existing);
  return context.runSerially(key, async () => {
    const settled = await context.store.get(key);
    return settled?.status === 'active' ? ok(settled) : sync(settled);
  });
}
