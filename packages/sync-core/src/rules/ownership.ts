/** Work-item fields the sync maps, and who owns each. */
export const workItemFields = [
  'name',
  'description',
  'startDate',
  'targetDate',
  'assignees',
  'parent',
  'cycle',
  'dependencies',
  'priority',
  'state',
  'comments',
  'links',
] as const;

export type WorkItemField = (typeof workItemFields)[number];
export type FieldOwner = 'odoo' | 'plane';
export type OwnershipMatrix = Readonly<Record<WorkItemField, FieldOwner>>;

/**
 * The mission's split: Odoo owns structure (scope, names, owners, dates, milestones, dependencies,
 * priority); Plane owns execution (workflow state, comments, PR links).
 */
export const defaultOwnership: OwnershipMatrix = {
  name: 'odoo',
  description: 'odoo',
  startDate: 'odoo',
  targetDate: 'odoo',
  assignees: 'odoo',
  parent: 'odoo',
  cycle: 'odoo',
  dependencies: 'odoo',
  priority: 'odoo',
  state: 'plane',
  comments: 'plane',
  links: 'plane',
};
