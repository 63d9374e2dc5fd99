import { describe, expect, it } from 'vitest';
import { parseSyncConfig } from './config.js';

describe('parseSyncConfig', () => {
  it('fills in the mission defaults', () => {
    const config = parseSyncConfig({
      plane: { workspaceSlug: 'acme' },
      odoo: { sourceId: 'prod' },
    })._unsafeUnwrap();

    expect(config.ownership.name).toBe('odoo');
    expect(config.ownership.state).toBe('plane');
    expect(config.labels.shipped).toEqual({ name: 'shipped', color: '#22c55e' });
    expect(config.labels.deployed).toEqual({ name: 'deployed', color: '#3b82f6' });
    expect(config.cycles.defaultLengthDays).toBe(14);
    expect(config.timeZone).toBe('UTC');
    expect(config.users.matchByEmail).toBe(true);
  });

  it('lets one field change owner and keeps the others', () => {
    const config = parseSyncConfig({
      plane: { workspaceSlug: 'acme' },
      odoo: { sourceId: 'prod' },
      ownership: { priority: 'plane' },
    })._unsafeUnwrap();

    expect(config.ownership.priority).toBe('plane');
    expect(config.ownership.name).toBe('odoo');
  });

  it('lists every problem of a bad configuration at once', () => {
    const problems = parseSyncConfig({
      plane: { workspaceSlug: '' },
      odoo: { sourceId: 'has:colon' },
      timeZone: 'Mars/Olympus',
      ownership: { name: 'jira' },
      labels: { shipped: { name: 'shipped', color: 'green' } },
      users: { explicit: { alice: 'u1' } },
    })._unsafeUnwrapErr().problems;

    expect(problems.map((problem) => problem.path).sort()).toEqual(
      [
        'labels.shipped.color',
        'odoo.sourceId',
        'ownership.name',
        'plane.workspaceSlug',
        'timeZone',
        'users.explicit.alice',
      ].sort(),
    );
  });

  it('defaults the ship signal to detection and state groups to name and group guesses', () => {
    const config = parseSyncConfig({
      plane: { workspaceSlug: 'acme' },
      odoo: { sourceId: 'prod' },
    })._unsafeUnwrap();

    expect(config.ship).toEqual({ signal: 'auto', deployed: 'auto', shippedAt: 'auto' });
    expect(config.stages.byGroup).toEqual({});
    expect(config.stages.byGroupPerProject).toEqual({});
  });

  it('refuses unknown state groups, project keys and ship signals, each with its path', () => {
    const problems = parseSyncConfig({
      plane: { workspaceSlug: 'acme' },
      odoo: { sourceId: 'prod' },
      stages: {
        byGroup: { finished: 'Done' },
        byGroupPerProject: { website: { started: 'Doing' } },
      },
      ship: { signal: { label: 'shipped' }, shippedAt: { field: 'Shipped At' } },
    })._unsafeUnwrapErr().problems;

    expect(problems.map((problem) => problem.path).sort()).toEqual(
      [
        'ship.shippedAt.field',
        'ship.signal',
        'stages.byGroup',
        'stages.byGroupPerProject.website',
      ].sort(),
    );
  });
});
