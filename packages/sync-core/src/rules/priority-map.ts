import type { PlanePriority } from '../domain.js';

/**
 * Default Odoo → Plane priority maps, one per Odoo scale:
 * - 16–18 have two keys: '0' Normal, '1' High (the star) → `none` / `high`.
 * - 19 has four: '0' Low, '1' Medium, '2' High, '3' Urgent → `low` / `medium` / `high` / `urgent`.
 */
export const defaultPriorityMaps: Readonly<Record<2 | 4, Readonly<Record<string, PlanePriority>>>> =
  {
    2: { '0': 'none', '1': 'high' },
    4: { '0': 'low', '1': 'medium', '2': 'high', '3': 'urgent' },
  };

/** Plane priority of an Odoo priority key; unknown keys map to `none`. */
export function toPlanePriority(
  odooPriority: string,
  levels: 2 | 4,
  overrides: Readonly<Record<string, PlanePriority>> | undefined,
): PlanePriority {
  return overrides?.[odooPriority] ?? defaultPriorityMaps[levels][odooPriority] ?? 'none';
}
