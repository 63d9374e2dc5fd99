import { err, ok, type Result } from 'neverthrow';
import type { LedgerWrite, Mapping, MappingKey, OdooModel, ShadowValue } from '../ports.js';
import type { SyncError } from '../sync-error.js';
import { claimCreation } from './claim-creation.js';
import type { FlowContext } from './flow-context.js';
import { record } from './ledger-record.js';
import { activateMapping } from './mapping-writes.js';

/** `external_source` of a Plane entity made from an Odoo model: `odoo:<sourceId>:<model>`. */
export function externalSourceOf(
  context: Pick<FlowContext<unknown, unknown>, 'config'>,
  model: OdooModel,
): string {
  return `odoo:${context.config.odoo.sourceId}:${model}`;
}

/** The external id and source a Plane entity made from one Odoo record carries (decision 4). */
export interface ExternalRef {
  readonly externalId: string;
  readonly externalSource: string;
}

/** A Plane entity that exists for the record: made by this create, or found (adopted). */
export interface PlaneTwin<E> {
  readonly entity: E;
  readonly created: boolean;
}

/** What one kind of Plane entity (project, cycle, work item) brings to the shared creation rule. */
export interface CreationSteps<E> {
  /**
   * Looks the entity up by its external id before creating. `mayExist`: the pending mapping was left by a
   * creator that is no longer running, whose create may have gone through. Omitted: the create itself
   * answers a duplicate with the existing entity (Plane's 409 on a cycle's external id).
   */
  readonly find?: (
    external: ExternalRef,
    mayExist: boolean,
  ) => Promise<Result<E | null, SyncError>>;
  /** Creates the entity; a duplicate the server reports is returned with `created: false`. */
  readonly create: (external: ExternalRef) => Promise<Result<PlaneTwin<E>, SyncError>>;
  /** The active mapping's Plane side: the entity's id, the project it lives in and the shadow to keep. */
  readonly mappingOf: (twin: PlaneTwin<E>) => {
    readonly planeId: string;
    readonly planeProjectId: string;
    readonly shadow: Readonly<Record<string, ShadowValue>>;
  };
  /** The ledger entry's decision and writes for this outcome. */
  readonly describe: (twin: PlaneTwin<E>) => {
    readonly decision: string;
    readonly writes: readonly LedgerWrite[];
  };
}

/** How a record with no active mapping ended up mapped. */
export type CreateOrAdoptOutcome<E> =
  /** Another job or worker mapped it meanwhile: go on through this mapping. */
  | { readonly kind: 'mapped'; readonly mapping: Mapping }
  /** Created or adopted here; the mapping is active and the ledger says which. */
  | { readonly kind: 'twin'; readonly mapping: Mapping; readonly twin: PlaneTwin<E> };

/**
 * The idempotent-creation rule (decision 4), once for every entity: claim the creation under a pending
 * mapping (`claimCreation`), look the entity up by external id where the kind allows, create it with the
 * external id, adopt what already exists, and turn the pending mapping active (compare-and-set) with a
 * ledger entry. Called holding the record's serial key.
 */
export async function createOrAdopt<E>(
  context: FlowContext<unknown, unknown>,
  key: MappingKey,
  planeProjectId: string | null,
  steps: CreationSteps<E>,
): Promise<Result<CreateOrAdoptOutcome<E>, SyncError>> {
  const claim = await claimCreation(context, key, planeProjectId);
  if (claim.kind === 'mapped') return ok({ kind: 'mapped', mapping: claim.mapping });
  const external = {
    externalId: String(key.odooId),
    externalSource: externalSourceOf(context, key.model),
  };
  const found = steps.find === undefined ? ok(null) : await steps.find(external, claim.mayExist);
  if (found.isErr()) return err(found.error);
  let twin: PlaneTwin<E>;
  if (found.value !== null) {
    twin = { entity: found.value, created: false };
  } else {
    const created = await steps.create(external);
    if (created.isErr()) return err(created.error);
    twin = created.value;
  }
  const planeSide = steps.mappingOf(twin);
  const stored = await activateMapping(
    context,
    { ...claim.pending, status: 'active', ...planeSide, updatedAt: context.clock.now() },
    claim.pending.version,
  );
  if (stored.isErr()) return err(stored.error);
  await record(context, {
    entity: { model: key.model, odooId: key.odooId, planeId: planeSide.planeId },
    ...steps.describe(twin),
    outcome: 'applied',
  });
  return ok({ kind: 'twin', mapping: stored.value, twin });
}
