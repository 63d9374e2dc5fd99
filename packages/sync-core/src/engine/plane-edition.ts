import type { SyncConfig } from '../config.js';
import type { SyncStateStore } from '../ports.js';

/** Where a detected answer is kept; per workspace slug, the only name the engine has for a Plane. */
function stateNameOf(config: SyncConfig): string {
  return `plane:relation-removal:${config.plane.workspaceSlug}`;
}

/**
 * Whether Plane can remove relations, when that is known without asking Plane: from the configured
 * edition, else from an earlier detection kept in the sync state store. Undefined: probe (once).
 * Community Edition has no public relation removal and answers the probe with a 404 at every start
 * (sync-traffic `plane-ce-1.3.1-with-odoo-17.jsonl`), so the answer is worth keeping.
 */
export async function knownRelationRemoval(
  config: SyncConfig,
  syncState: SyncStateStore,
): Promise<boolean | undefined> {
  switch (config.plane.edition) {
    case 'community':
      return false;
    case 'commercial':
      return true;
    case 'detect': {
      const stored = await syncState.get(stateNameOf(config));
      const value =
        stored !== null && typeof stored === 'object'
          ? (stored as { relationRemoval?: unknown }).relationRemoval
          : undefined;
      return typeof value === 'boolean' ? value : undefined;
    }
  }
}

/** Keeps a probed answer so the next start makes no probe (only when the edition is `detect`). */
export async function rememberRelationRemoval(
  config: SyncConfig,
  syncState: SyncStateStore,
  relationRemoval: boolean,
  at: number,
): Promise<void> {
  if (config.plane.edition !== 'detect') return;
  await syncState.put(stateNameOf(config), { relationRemoval, detectedAt: at });
}
