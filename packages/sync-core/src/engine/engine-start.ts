import { err, ok, type Result } from 'neverthrow';
import type { SyncConfig } from '../config.js';
import type { OdooCapabilities } from '../domain.js';
import { callUpstream } from '../flows/call-upstream.js';
import {
  announceShipSignals,
  detectShipSignals,
  shipSignalFields,
  type ShipSignals,
} from '../flows/task/ship-signal.js';
import type { Clock, Logger, OdooGateway, PlaneGateway, SyncStateStore } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import { knownRelationRemoval, rememberRelationRemoval } from './plane-edition.js';

/** What `start()` detected on both servers, once per engine. */
export interface EngineCapabilities {
  readonly odoo: OdooCapabilities;
  readonly plane: { readonly relationRemoval: boolean; readonly botUserId: string };
  readonly shipSignals: ShipSignals;
  /** The ship signal's task fields, read with every task. */
  readonly shipFields: readonly string[];
}

/** The engine's start-up: detects once, then answers what it found. */
export interface EngineStart {
  readonly start: () => Promise<Result<EngineCapabilities, SyncError>>;
  /** What the last successful `start()` detected; undefined before. */
  readonly detected: () => EngineCapabilities | undefined;
}

/**
 * Detects both servers' capabilities (bot user, relation removal — remembered in the sync state unless
 * configured — Odoo version and fields) and the ship signal, logs them and keeps the ship signal as a sync
 * state. A failed detection is tried again by the next call.
 */
export function createEngineStart(deps: {
  readonly config: SyncConfig;
  readonly plane: Pick<PlaneGateway, 'detectCapabilities'>;
  readonly odoo: Pick<OdooGateway, 'capabilities' | 'search'>;
  readonly syncState: SyncStateStore;
  readonly clock: Clock;
  readonly logger: Logger;
}): EngineStart {
  const { config } = deps;
  let detected: EngineCapabilities | undefined;
  const start = async (): Promise<Result<EngineCapabilities, SyncError>> => {
    if (detected !== undefined) return ok(detected);
    const knownRemoval = await knownRelationRemoval(config, deps.syncState);
    // The slug in the operation: a wrong one is reported as such here, not at the first sync.
    const plane = await callUpstream(
      'plane',
      `detect capabilities of workspace "${config.plane.workspaceSlug}"`,
      deps.plane.detectCapabilities(
        knownRemoval === undefined ? {} : { relationRemoval: knownRemoval },
      ),
    );
    if (plane.isErr()) return err(plane.error);
    if (knownRemoval === undefined) {
      await rememberRelationRemoval(
        config,
        deps.syncState,
        plane.value.relationRemoval,
        deps.clock.now(),
      );
    }
    const odoo = await callUpstream('odoo', 'detect capabilities', deps.odoo.capabilities());
    if (odoo.isErr()) return err(odoo.error);
    const shipSignals = await detectShipSignals(config.ship, odoo.value, deps.odoo);
    if (shipSignals.isErr()) return err(shipSignals.error);
    detected = {
      odoo: odoo.value,
      plane: plane.value,
      shipSignals: shipSignals.value,
      shipFields: shipSignalFields(shipSignals.value),
    };
    deps.logger.info('sync engine started', {
      odooVersion: odoo.value.version,
      planeRelationRemoval: plane.value.relationRemoval,
    });
    await announceShipSignals(deps, shipSignals.value);
    return ok(detected);
  };
  return { start, detected: () => detected };
}
