import {
  describeSyncError,
  type Logger,
  type ReconcileReport,
  type SyncEngine,
} from '@odoo-plane-sync/sync-core';

/**
 * One reconciliation by `engine`, its figures and each item it could not repair logged; null when it
 * failed (logged as a warning).
 */
export async function reconcileAndLog(parts: {
  readonly engine: Pick<SyncEngine, 'reconcile'>;
  readonly logger: Logger;
}): Promise<ReconcileReport | null> {
  const { engine, logger } = parts;
  const result = await engine.reconcile();
  if (result.isErr()) {
    logger.warn('reconciliation failed', { error: describeSyncError(result.error) });
    return null;
  }
  logger.info('reconciliation', {
    checked: result.value.checked,
    drift: result.value.drift.length,
    repaired: result.value.repaired,
    failed: result.value.failed.length,
  });
  // Each item that could not be repaired, by name; the others were repaired anyway.
  for (const failure of result.value.failed)
    logger.warn('reconciliation item failed', { ...failure });
  return result.value;
}
