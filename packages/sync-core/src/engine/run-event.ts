import { err, ok, type Result } from 'neverthrow';
import type { FlowContext } from '../flows/flow-context.js';
import { serialKeyOf } from '../flows/mapping-keys.js';
import type { LedgerEntry, MappingKey } from '../ports.js';
import type { SecretRedactor } from '../redaction/secret-redactor.js';
import { describeSyncError, type SyncError } from '../sync-error.js';
import type { EngineCapabilities } from './engine-start.js';
import type { SerialQueue } from './serial-queue.js';

/** What one sync call did, counted from its ledger entries. */
export interface SyncReport {
  readonly correlationId: string;
  readonly applied: number;
  readonly unchanged: number;
  readonly deferred: number;
  readonly conflicts: number;
  readonly skipped: number;
}

/** The part of a flow's context that is the same for every event of one engine. */
export type EngineScope = Omit<
  FlowContext,
  | 'odooCapabilities'
  | 'planeCapabilities'
  | 'shipSignals'
  | 'correlationId'
  | 'cause'
  | 'runSerially'
>;

/**
 * Runs one event: a fresh correlation id, and every failure ends in the ledger. `heldKey`: the serial key
 * the caller holds, so steps that ensure that same record do not wait on the event itself.
 */
export type RunEvent = (
  entity: LedgerEntry['entity'],
  cause: string,
  body: (context: FlowContext) => Promise<Result<unknown, SyncError>>,
  heldKey?: string,
) => Promise<Result<SyncReport, SyncError>>;

/** Builds the engine's event runner: start-up first, one context per event, the ledger report after. */
export function createEventRunner(deps: {
  readonly scope: EngineScope;
  readonly start: () => Promise<Result<EngineCapabilities, SyncError>>;
  readonly serial: SerialQueue;
  readonly redact: SecretRedactor;
  readonly randomId: () => string;
  /** Entities whose running attempt follows an Odoo webhook and would be re-read after a not-found. */
  readonly awaitingCommit: ReadonlySet<string>;
}): RunEvent {
  const { scope } = deps;

  const failed = (
    entity: LedgerEntry['entity'],
    cause: string,
    correlationId: string,
    raw: SyncError,
  ): Promise<Result<SyncReport, SyncError>> =>
    recordFailure(deps, { entity, cause, correlationId }, deps.redact(raw));

  // Keys are taken in one order (tree → task → parent task → milestone → project), so no two events wait
  // on each other; the set makes a key this event already holds re-entrant.
  const serialWithin = (heldKey: string | undefined): FlowContext['runSerially'] => {
    const held = new Set(heldKey === undefined ? [] : [heldKey]);
    return <T>(key: MappingKey, work: () => Promise<T>): Promise<T> => {
      const name = serialKeyOf(key);
      if (held.has(name)) return work();
      return deps.serial(name, async () => {
        held.add(name);
        try {
          return await work();
        } finally {
          held.delete(name);
        }
      });
    };
  };

  return async (entity, cause, body, heldKey) => {
    const correlationId = deps.randomId();
    const started = await deps.start();
    if (started.isErr()) return failed(entity, cause, correlationId, started.error);
    const context: FlowContext = {
      ...scope,
      odooCapabilities: started.value.odoo,
      planeCapabilities: started.value.plane,
      shipSignals: started.value.shipSignals,
      correlationId,
      cause,
      runSerially: serialWithin(heldKey),
    };
    const result = await body(context);
    if (result.isErr()) return failed(entity, cause, correlationId, result.error);
    const entries = await scope.ledger.list({ correlationId });
    const count = (outcome: string): number =>
      entries.filter((entry) => entry.outcome === outcome).length;
    return ok({
      correlationId,
      applied: count('applied'),
      unchanged: count('unchanged'),
      deferred: count('deferred'),
      conflicts: count('conflict'),
      skipped: count('skipped'),
    });
  };
}

/**
 * Ends a failed event in the ledger: `deferred` while a not-found may be an Odoo webhook sent before its
 * commit (the attempt is re-read), else `failed`, logged.
 */
async function recordFailure(
  deps: { readonly scope: EngineScope; readonly awaitingCommit: ReadonlySet<string> },
  event: {
    readonly entity: LedgerEntry['entity'];
    readonly cause: string;
    readonly correlationId: string;
  },
  error: SyncError,
): Promise<Result<SyncReport, SyncError>> {
  const { scope } = deps;
  const { entity, cause, correlationId } = event;
  const waiting =
    error.kind === 'not-found' && deps.awaitingCommit.has(`${entity.model}:${entity.odooId}`);
  await scope.ledger.append({
    correlationId,
    at: scope.clock.now(),
    cause,
    entity,
    decision: waiting
      ? `${describeSyncError(error)} yet: re-read after a wait (Odoo 17/18 send webhooks before commit)`
      : describeSyncError(error),
    writes: [],
    outcome: waiting ? 'deferred' : 'failed',
    detail: { error },
  });
  if (waiting) return err(error);
  // A lost compare-and-set is retried by `run`, which warns only if it keeps failing (issue 10.8).
  const level = error.kind === 'mapping-conflict' ? 'debug' : 'warn';
  scope.logger[level]('sync failed', {
    correlationId,
    ...entity,
    error: describeSyncError(error),
  });
  return err(error);
}
