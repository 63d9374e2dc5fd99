import { err, ok, type Result } from 'neverthrow';
import type { SyncConfig } from '../../config.js';
import type { Instant, OdooCapabilities, OdooTask } from '../../domain.js';
import type { Logger, OdooGateway, OdooReader, SyncStateStore } from '../../ports.js';
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
  const typeOf = (field: string): string | undefined => types[field];

  let shipped: ShipSignal;
  if (config.signal === 'off') shipped = { kind: 'off', reason: 'ship.signal is off' };
  else if (config.signal === 'auto') {
    const field = autoShippedFields.find((name) => typeOf(name) === 'boolean');
    shipped =
      field === undefined
        ? {
            kind: 'off',
            reason: `no boolean ${autoShippedFields.join('/')} field on project.task (stock Odoo has none); configure ship.signal as a field, a stage or a tag`,
          }
        : { kind: 'field', field };
  } else if ('field' in config.signal) {
    const type = typeOf(config.signal.field);
    shipped =
      type === 'boolean'
        ? { kind: 'field', field: config.signal.field }
        : {
            kind: 'off',
            reason:
              type === undefined
                ? `project.task has no field ${config.signal.field}`
                : `project.task.${config.signal.field} is a ${type} field, not a boolean`,
          };
  } else if ('stage' in config.signal) {
    const stageName = config.signal.stage;
    const found = await idByName(odoo, 'project.task.type', stageName);
    if (found.isErr()) return err(found.error);
    shipped =
      found.value === null
        ? { kind: 'off', reason: `no Odoo stage is named "${stageName}"` }
        : { kind: 'stage', stageName };
  } else {
    const tag = await tagSignal(odoo, config.signal.tag);
    if (tag.isErr()) return err(tag.error);
    shipped = tag.value;
  }

  let deployed: DeployedSignal;
  if (config.deployed === 'off') deployed = { kind: 'off', reason: 'ship.deployed is off' };
  else if (config.deployed === 'auto') {
    deployed = isDeployField(typeOf('deployment_ids'))
      ? { kind: 'field', field: 'deployment_ids' }
      : { kind: 'off', reason: 'no deployment_ids field on project.task' };
  } else if ('field' in config.deployed) {
    const type = typeOf(config.deployed.field);
    deployed = isDeployField(type)
      ? { kind: 'field', field: config.deployed.field }
      : {
          kind: 'off',
          reason:
            type === undefined
              ? `project.task has no field ${config.deployed.field}`
              : `project.task.${config.deployed.field} is a ${type} field, not a boolean or a list`,
        };
  } else {
    const tag = await tagSignal(odoo, config.deployed.tag);
    if (tag.isErr()) return err(tag.error);
    deployed = tag.value;
  }

  const timeField =
    config.shippedAt === 'seen'
      ? null
      : config.shippedAt === 'auto'
        ? 'shipped_at'
        : config.shippedAt.field;
  const timeType = timeField === null ? undefined : typeOf(timeField);
  const shippedAt: ShippedAtSource =
    timeField !== null && (timeType === 'datetime' || timeType === 'date')
      ? { kind: 'field', field: timeField }
      : { kind: 'seen' };
  return ok({ shipped, deployed, shippedAt });
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

/**
 * The Odoo gateway with the ship signal's fields added to every task read, so each flow reads them in the
 * reads it already makes (no extra call). `fields` is read at call time: the signals are detected at start.
 */
export function readingShipSignalFields(
  odoo: OdooGateway,
  fields: () => readonly string[],
): OdooGateway {
  return {
    readProjects: (ids) => odoo.readProjects(ids),
    readMilestones: (selection) => odoo.readMilestones(selection),
    readTasks: (selection, options = {}) => {
      const extraFields = [...(options.extraFields ?? []), ...fields()];
      return extraFields.length === 0
        ? odoo.readTasks(selection)
        : odoo.readTasks(selection, { extraFields });
    },
    readUsers: (ids) => odoo.readUsers(ids),
    search: (model, domain, options) => odoo.search(model, domain, options),
    capabilities: () => odoo.capabilities(),
    write: (model, ids, values) => odoo.write(model, ids, values),
    listStages: (projectId) => odoo.listStages(projectId),
    postMessage: (taskId, html) => odoo.postMessage(taskId, html),
    scheduleActivity: (input) => odoo.scheduleActivity(input),
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
