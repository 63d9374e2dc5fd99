import { err, ok, type Result } from 'neverthrow';
import type { SyncConfig } from '../../config.js';
import type { Instant, OdooCapabilities, OdooTask } from '../../domain.js';
import type { Logger, OdooReader, SyncStateStore } from '../../ports.js';
import { callUpstream } from '../call-upstream.js';
import type { SyncError } from '../../sync-error.js';

/**
 * What says "shipped" in Odoo, as detected at start-up. Stock Odoo has no ship field (`is_shipped`,
 * `shipped_at` and `deployment_ids` come from custom modules), so the signal is a boolean task field, a
 * stage or a tag — or nothing, and then ship events are off.
 */
export type ShipSignal =
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'stage'; readonly stageName: string }
  | { readonly kind: 'tag'; readonly tagName: string; readonly tagId: number }
  | { readonly kind: 'off'; readonly reason: string };

/** What says "deployed" (the `deployed` label): a boolean or x2many field, a tag, or nothing. */
export type DeployedSignal =
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'tag'; readonly tagName: string; readonly tagId: number }
  | { readonly kind: 'off'; readonly reason: string };

/** Where the "Shipped at" time comes from: a date/datetime field, or the moment the sync saw the signal. */
export type ShippedAtSource =
  { readonly kind: 'field'; readonly field: string } | { readonly kind: 'seen' };

/** The three ship signals, detected once per engine. */
export interface ShipSignals {
  readonly shipped: ShipSignal;
  readonly deployed: DeployedSignal;
  readonly shippedAt: ShippedAtSource;
}

/** Sync-state name under which the engine keeps the detected signals (for `/status`). */
export const shipSignalStateName = 'ship-signal';

/** Boolean fields `'auto'` takes as the ship flag, in this order (module fields, then Studio-style names). */
const autoShippedFields = ['is_shipped', 'x_shipped', 'x_is_shipped'] as const;

type ShipConfig = SyncConfig['ship'];
type FieldLookup = Pick<OdooReader, 'search'>;

/**
 * Detects the configured (or, with `'auto'`, the available) ship signals against the server: fields
 * through `fields_get` (by the capabilities), stages and tags by name. A configured signal the server does
 * not have turns that signal off, with the reason, rather than failing every sync.
 */
export async function detectShipSignals(
  config: ShipConfig,
  capabilities: OdooCapabilities,
  odoo: FieldLookup,
): Promise<Result<ShipSignals, SyncError>> {
  const types = capabilities.taskFieldTypes ?? {};
  const typeOf: FieldTypeOf = (field) => types[field];
  const shipped = await detectShippedSignal(config.signal, typeOf, odoo);
  if (shipped.isErr()) return err(shipped.error);
  const deployed = await detectDeployedSignal(config.deployed, typeOf, odoo);
  if (deployed.isErr()) return err(deployed.error);
  return ok({
    shipped: shipped.value,
    deployed: deployed.value,
    shippedAt: shippedAtSourceOf(config.shippedAt, typeOf),
  });
}

/** The type of a `project.task` field as `fields_get` reports it; undefined: no such field. */
type FieldTypeOf = (field: string) => string | undefined;

/** The ship flag: a boolean field (the first known one with `'auto'`), a stage or a tag by name. */
async function detectShippedSignal(
  configured: ShipConfig['signal'],
  typeOf: FieldTypeOf,
  odoo: FieldLookup,
): Promise<Result<ShipSignal, SyncError>> {
  if (configured === 'off') return ok({ kind: 'off', reason: 'ship.signal is off' });
  if (configured === 'auto') {
    const field = autoShippedFields.find((name) => typeOf(name) === 'boolean');
    return ok(
      field === undefined
        ? {
            kind: 'off',
            reason: `no boolean ${autoShippedFields.join('/')} field on project.task (stock Odoo has none); configure ship.signal as a field, a stage or a tag`,
          }
        : { kind: 'field', field },
    );
  }
  if ('field' in configured) {
    const type = typeOf(configured.field);
    return ok(fieldSignal(configured.field, type, type === 'boolean', 'a boolean'));
  }
  if ('stage' in configured) {
    const stageName = configured.stage;
    const found = await idByName(odoo, 'project.task.type', stageName);
    if (found.isErr()) return err(found.error);
    return ok(
      found.value === null
        ? { kind: 'off', reason: `no Odoo stage is named "${stageName}"` }
        : { kind: 'stage', stageName },
    );
  }
  return tagSignal(odoo, configured.tag);
}

/** The deployed signal: a boolean or x2many field (`deployment_ids` with `'auto'`), or a tag by name. */
async function detectDeployedSignal(
  configured: ShipConfig['deployed'],
  typeOf: FieldTypeOf,
  odoo: FieldLookup,
): Promise<Result<DeployedSignal, SyncError>> {
  if (configured === 'off') return ok({ kind: 'off', reason: 'ship.deployed is off' });
  if (configured === 'auto') {
    return ok(
      isDeployField(typeOf('deployment_ids'))
        ? { kind: 'field', field: 'deployment_ids' }
        : { kind: 'off', reason: 'no deployment_ids field on project.task' },
    );
  }
  if ('field' in configured) {
    const type = typeOf(configured.field);
    return ok(fieldSignal(configured.field, type, isDeployField(type), 'a boolean or a list'));
  }
  return tagSignal(odoo, configured.tag);
}

/** The "Shipped at" source: the configured (or `shipped_at`) field when it is a date or datetime. */
function shippedAtSourceOf(
  configured: ShipConfig['shippedAt'],
  typeOf: FieldTypeOf,
): ShippedAtSource {
  const timeField =
    configured === 'seen' ? null : configured === 'auto' ? 'shipped_at' : configured.field;
  const timeType = timeField === null ? undefined : typeOf(timeField);
  return timeField !== null && (timeType === 'datetime' || timeType === 'date')
    ? { kind: 'field', field: timeField }
    : { kind: 'seen' };
}

/** The task fields the signals read (added to every task read). */
export function shipSignalFields(signals: ShipSignals): string[] {
  const fields = [signals.shipped, signals.deployed, signals.shippedAt].flatMap((signal) =>
    signal.kind === 'field' ? [signal.field] : [],
  );
  return [...new Set(fields)];
}

/** Whether the task carries the ship signal. */
export function isShipped(task: OdooTask, signals: ShipSignals): boolean {
  const signal = signals.shipped;
  switch (signal.kind) {
    case 'field':
      return task.extraFields?.[signal.field] === true;
    case 'stage':
      return task.stage?.name.toLowerCase() === signal.stageName.toLowerCase();
    case 'tag':
      return task.tagIds?.includes(signal.tagId) ?? false;
    case 'off':
      return false;
  }
}

/** Whether the task is deployed: the flag is true, the list is not empty, or the tag is on it. */
export function isDeployed(task: OdooTask, signals: ShipSignals): boolean {
  const signal = signals.deployed;
  switch (signal.kind) {
    case 'field': {
      const value = task.extraFields?.[signal.field];
      return value === true || (Array.isArray(value) && value.length > 0);
    }
    case 'tag':
      return task.tagIds?.includes(signal.tagId) ?? false;
    case 'off':
      return false;
  }
}

/** The shipped time from the configured field; null: use the time the signal was seen. */
export function shippedAtOf(task: OdooTask, signals: ShipSignals): Instant | null {
  if (signals.shippedAt.kind === 'seen') return null;
  const value = task.extraFields?.[signals.shippedAt.field];
  if (typeof value !== 'string') return null;
  // A date field is a calendar day: shipped at its start, UTC.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
}

/**
 * Says at start-up which ship signal is active — or, as a warning, that ship events are off and why — and
 * keeps the signals as the sync state {@link shipSignalStateName} for status pages.
 */
export async function announceShipSignals(
  deps: { readonly logger: Logger; readonly syncState: SyncStateStore },
  signals: ShipSignals,
): Promise<void> {
  const summary = describeShipSignals(signals);
  if (signals.shipped.kind === 'off')
    deps.logger.warn('ship events are off', {
      reason: signals.shipped.reason,
      shipSignal: summary,
    });
  else deps.logger.info('ship signal detected', { shipSignal: summary });
  await deps.syncState.put(shipSignalStateName, { ...signals, summary });
}

/** One line for start-up logs and `/status`, e.g. `shipped: tag "shipped"; deployed: off; shipped at: seen`. */
export function describeShipSignals(signals: ShipSignals): string {
  const shipped = signals.shipped;
  const deployed = signals.deployed;
  const describe = (signal: ShipSignal | DeployedSignal): string => {
    switch (signal.kind) {
      case 'field':
        return `field ${signal.field}`;
      case 'stage':
        return `stage "${signal.stageName}"`;
      case 'tag':
        return `tag "${signal.tagName}"`;
      case 'off':
        return 'off';
    }
  };
  return [
    `shipped: ${describe(shipped)}`,
    `deployed: ${describe(deployed)}`,
    `shipped at: ${signals.shippedAt.kind === 'field' ? `field ${signals.shippedAt.field}` : 'time seen'}`,
  ].join('; ');
}

/** A configured field signal: on when the field's type fits, else off saying what the field is not. */
function fieldSignal(
  field: string,
  type: string | undefined,
  fits: boolean,
  wanted: string,
): { kind: 'field'; field: string } | { kind: 'off'; reason: string } {
  if (fits) return { kind: 'field', field };
  return {
    kind: 'off',
    reason:
      type === undefined
        ? `project.task has no field ${field}`
        : `project.task.${field} is a ${type} field, not ${wanted}`,
  };
}

function isDeployField(type: string | undefined): boolean {
  return type === 'boolean' || type === 'many2many' || type === 'one2many';
}

async function tagSignal(
  odoo: FieldLookup,
  tagName: string,
): Promise<
  Result<
    { kind: 'tag'; tagName: string; tagId: number } | { kind: 'off'; reason: string },
    SyncError
  >
> {
  const found = await idByName(odoo, 'project.tags', tagName);
  if (found.isErr()) return err(found.error);
  return ok(
    found.value === null
      ? {
          kind: 'off',
          reason: `no Odoo tag is named "${tagName}" (create it, then restart the sync)`,
        }
      : { kind: 'tag', tagName, tagId: found.value },
  );
}

async function idByName(
  odoo: FieldLookup,
  model: string,
  name: string,
): Promise<Result<number | null, SyncError>> {
  const ids = await callUpstream(
    'odoo',
    `search ${model}`,
    odoo.search(model, [['name', '=ilike', name]], { order: 'id asc' }),
  );
  return ids.map((found) => found[0] ?? null);
}
