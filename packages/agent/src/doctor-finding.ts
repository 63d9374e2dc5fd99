import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import type { PlaneClient } from '@odoo-plane-sync/plane-client';
import type { SyncConfig, SyncStores } from '@odoo-plane-sync/sync-core';

/** One thing `doctor` checked: what it found and, unless all is well, what to do. */
export interface DoctorFinding {
  readonly check:
    | 'odoo-credentials'
    | 'odoo-version'
    | 'plane-credentials'
    | 'plane-capabilities'
    | 'state-mapping'
    | 'stage-mapping'
    | 'users'
    | 'odoo-automation-rules'
    | 'webhook-delivery';
  readonly status: 'ok' | 'warn' | 'fail';
  readonly message: string;
  /** What to do about it; null when nothing is to be done. */
  readonly fix: string | null;
  /** Extra facts for scripts (version, group, user, model…). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** What `doctor` reads. */
export interface DoctorParts {
  readonly odoo: OdooClient;
  readonly plane: PlaneClient;
  readonly stores: Pick<SyncStores, 'mappings' | 'syncState'>;
  /** The engine's parsed configuration (stage and user rules, edition). */
  readonly config: Pick<SyncConfig, 'stages' | 'users' | 'plane'>;
}
