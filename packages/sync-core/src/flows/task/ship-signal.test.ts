import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { parseSyncConfig, type SyncConfigInput } from '../../config.js';
import type { OdooCapabilities } from '../../domain.js';
import { websiteTask } from '../../testing/odoo-record-fixtures.js';
import { detectShipSignals, isDeployed, isShipped, shippedAtOf } from './ship-signal.js';

const capabilities: OdooCapabilities = {
  version: 17,
  priorityLevels: 2,
  hasPlannedDateBegin: false,
  taskStateField: 'state',
  taskFieldTypes: {
    x_shipped: 'boolean',
    x_shipped_on: 'date',
    x_deployment_ids: 'many2many',
    x_note: 'char',
  },
  ppm: { wbsCode: false, portfolio: false, isShipped: false, shippedAt: false, deployments: false },
};
const task = websiteTask({
  name: 'Release',
  descriptionHtml: null,
  projectId: { id: 1, name: 'P' },
  stage: { id: 3, name: 'Shipped' },
  tagIds: [11],
  extraFields: { x_shipped: true, x_shipped_on: '2026-03-02', x_deployment_ids: [] },
});
/** Odoo knows the stage "Shipped" (id 3) and the tag "shipped" (id 11), nothing else. */
const odoo = {
  search: (model: string, domain: readonly unknown[]) => {
    const [, , name] = domain[0] as [string, string, string];
    const known: Record<string, Record<string, number>> = {
      'project.task.type': { shipped: 3 },
      'project.tags': { shipped: 11 },
    };
    const id = known[model]?.[name.toLowerCase()];
    return okAsync(id === undefined ? [] : [id]);
  },
};
const signalsFor = async (ship: SyncConfigInput['ship']) => {
  const config = parseSyncConfig({
    plane: { workspaceSlug: 'acme' },
    odoo: { sourceId: 'prod' },
    ship,
  })._unsafeUnwrap();
  return (await detectShipSignals(config.ship, capabilities, odoo))._unsafeUnwrap();
};

describe('detectShipSignals', () => {
  it.each([
    [{ signal: { field: 'x_shipped' } }, true],
    [{ signal: { stage: 'shipped' } }, true],
    [{ signal: { tag: 'Shipped' } }, true],
    [{ signal: 'auto' }, true],
    [{ signal: 'off' }, false],
  ] as const)('with %j the task is shipped: %s', async (ship, expected) => {
    expect(isShipped(task, await signalsFor(ship))).toBe(expected);
  });

  it.each([
    [{ signal: { field: 'x_missing' } }, 'project.task has no field x_missing'],
    [{ signal: { field: 'x_note' } }, 'project.task.x_note is a char field, not a boolean'],
    [{ signal: { stage: 'Released' } }, 'no Odoo stage is named "Released"'],
    [
      { signal: { tag: 'released' } },
      'no Odoo tag is named "released" (create it, then restart the sync)',
    ],
  ] as const)('turns %j off with the reason', async (ship, reason) => {
    expect((await signalsFor(ship)).shipped).toEqual({ kind: 'off', reason });
  });

  it('reads deployed from an empty list as not deployed, and a date field as the start of that day', async () => {
    const signals = await signalsFor({
      signal: { field: 'x_shipped' },
      deployed: { field: 'x_deployment_ids' },
      shippedAt: { field: 'x_shipped_on' },
    });

    expect(isDeployed(task, signals)).toBe(false);
    expect(isDeployed({ ...task, extraFields: { x_deployment_ids: [4] } }, signals)).toBe(true);
    expect(shippedAtOf(task, signals)).toBe('2026-03-02T00:00:00.000Z');
  });
});
