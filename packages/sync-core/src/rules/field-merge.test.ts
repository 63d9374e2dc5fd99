import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeField } from './field-merge.js';

describe('mergeField', () => {
  it.each([
    // owner odoo
    ['odoo', 'A', 'A', 'A', 'none', null],
    ['odoo', 'B', 'A', 'A', 'write-plane', null],
    ['odoo', 'A', 'B', 'A', 'write-plane', 'odoo-wins'],
    ['odoo', 'B', 'C', 'A', 'write-plane', 'odoo-wins'],
    ['odoo', 'B', 'B', 'A', 'none', null],
    // owner plane
    ['plane', 'A', 'B', 'A', 'write-odoo', null],
    ['plane', 'B', 'A', 'A', 'write-odoo', 'plane-wins'],
  ] as const)(
    'owner %s, odoo %s, plane %s, shadow %s → %s (%s)',
    (owner, odoo, plane, shadow, action, resolution) => {
      const decision = mergeField({ field: 'name', owner, odoo, plane, shadow });

      expect(decision.action).toBe(action);
      if (decision.action !== 'none')
        expect(decision.conflict?.resolution ?? null).toBe(resolution);
    },
  );

  it('treats an unread side as unchanged since the shadow', () => {
    expect(
      mergeField({ field: 'name', owner: 'odoo', odoo: 'B', plane: undefined, shadow: 'A' }),
    ).toEqual({
      action: 'write-plane',
      value: 'B',
      conflict: null,
    });
    expect(
      mergeField({ field: 'name', owner: 'odoo', odoo: 'A', plane: undefined, shadow: 'A' }).action,
    ).toBe('none');
  });

  it('compares lists by content', () => {
    expect(
      mergeField({
        field: 'assignees',
        owner: 'odoo',
        odoo: ['u1', 'u2'],
        plane: ['u1', 'u2'],
        shadow: [],
      }).action,
    ).toBe('none');
  });

  it('always ends with the owner’s value on both sides', () => {
    const value = fc.constantFrom('A', 'B', 'C');
    fc.assert(
      fc.property(
        fc.constantFrom('odoo', 'plane' as const),
        value,
        value,
        value,
        (owner, odoo, plane, shadow) => {
          const decision = mergeField({ field: 'f', owner, odoo, plane, shadow });
          const winner = owner === 'odoo' ? odoo : plane;
          const after =
            decision.action === 'none'
              ? { odoo, plane }
              : decision.action === 'write-plane'
                ? { odoo, plane: decision.value }
                : { odoo: decision.value, plane };
          expect(after).toEqual({ odoo: winner, plane: winner });
        },
      ),
      // 2 owners × 3³ values: 200 runs meet every combination.
      { numRuns: 200 },
    );
  });
});
