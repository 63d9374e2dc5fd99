import { describe, expect, it } from 'vitest';
import { toPlanePriority } from './priority-map.js';
import {
  chooseOdooStage,
  groupForStageName,
  odooStageForState,
  planeStateForStage,
} from './stage-state-map.js';

const states = [
  { id: 's-backlog', name: 'Backlog', group: 'backlog' },
  { id: 's-todo', name: 'Todo', group: 'unstarted' },
  { id: 's-progress', name: 'In Progress', group: 'started' },
  { id: 's-done', name: 'Done', group: 'completed' },
  { id: 's-cancel', name: 'Cancelled', group: 'cancelled' },
];

describe('planeStateForStage', () => {
  it.each([
    ['In Progress', {}, 's-progress'],
    ['in progress', {}, 's-progress'],
    ['Shipped', {}, 's-done'],
    ['Code Review', {}, 's-progress'],
    ['Waiting', {}, 's-todo'],
    ['Waiting', { Waiting: 'Backlog' }, 's-backlog'],
  ])('maps stage %j (explicit %j) to %s', (stage, explicit, expected) => {
    expect(planeStateForStage(stage, states, explicit)?.id).toBe(expected);
  });

  it('answers null without a stage', () => {
    expect(planeStateForStage(null, states, {})).toBeNull();
  });
});

describe('odooStageForState', () => {
  const stages = [
    { id: 1, name: 'New' },
    { id: 2, name: 'In Progress' },
    { id: 3, name: 'Done' },
  ];

  it('prefers explicit pairs, then names, then groups', () => {
    expect(odooStageForState(states[2]!, stages, {})?.id).toBe(2);
    expect(odooStageForState(states[3]!, stages, { Done: 'In Progress' })?.id).toBe(2);
    expect(
      odooStageForState({ id: 'x', name: 'Completed', group: 'completed' }, stages, {})?.id,
    ).toBe(3);
    expect(odooStageForState(states[4]!, stages, {})).toBeNull();
  });
});

describe('chooseOdooStage', () => {
  const stages = [
    { id: 1, name: 'New' },
    { id: 2, name: 'In Progress' },
    { id: 3, name: 'Done' },
    { id: 4, name: 'Icebox' },
  ];
  const byId = (stateId: string) => states.find((state) => state.id === stateId)!;

  it.each([
    ['s-backlog', {}, { kind: 'stage', stage: stages[0], rule: 'group guess' }],
    ['s-todo', {}, { kind: 'stage', stage: stages[0], rule: 'group guess' }],
    ['s-todo', { unstarted: 'Icebox' }, { kind: 'stage', stage: stages[3], rule: 'group setting' }],
    ['s-progress', {}, { kind: 'stage', stage: stages[1], rule: 'same name' }],
    ['s-cancel', { cancelled: null }, { kind: 'left' }],
    [
      's-cancel',
      {},
      {
        kind: 'unmapped',
        reason: 'no stage of this project is named "Cancelled" or suggests the cancelled group',
      },
    ],
    [
      's-done',
      { completed: 'Shipped' },
      {
        kind: 'unmapped',
        reason:
          'the stage "Shipped" configured for the completed group is not a stage of this project',
      },
    ],
  ] as const)('maps %s with group settings %j', (stateId, byGroup, expected) => {
    expect(chooseOdooStage(byId(stateId), stages, { explicit: {}, byGroup })).toEqual(expected);
  });
});

describe('groupForStageName', () => {
  it('guesses groups from common names', () => {
    expect(groupForStageName('Cancelled')).toBe('cancelled');
    expect(groupForStageName('Backlog')).toBe('backlog');
  });
});

describe('toPlanePriority', () => {
  it('maps both Odoo scales and honours overrides', () => {
    expect(toPlanePriority('1', 2, undefined)).toBe('high');
    expect(toPlanePriority('0', 2, undefined)).toBe('none');
    expect(toPlanePriority('3', 4, undefined)).toBe('urgent');
    expect(toPlanePriority('1', 2, { '1': 'urgent' })).toBe('urgent');
    expect(toPlanePriority('9', 2, undefined)).toBe('none');
  });
});
