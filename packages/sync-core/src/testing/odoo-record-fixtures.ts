import type { OdooProject, OdooTask } from '../domain.js';

/** The project flow tests sync: Odoo project #4, "Website". */
export const websiteProject: OdooProject = { id: 4, name: 'Website', userId: null, active: true };

/**
 * An open task of the Website project with no neighbours: #7 "Write the copy", in a stage that maps to a
 * Plane state. `overrides` say what a test is about. Internal to sync-core's tests (not in `./testing`).
 */
export function websiteTask(overrides: Partial<OdooTask> = {}): OdooTask {
  return {
    id: 7,
    name: 'Write the copy',
    descriptionHtml: '<p>Three pages</p>',
    projectId: { id: websiteProject.id, name: websiteProject.name },
    stage: { id: 1, name: 'In Progress' },
    userIds: [],
    parentId: null,
    milestoneId: null,
    dependOnIds: [],
    priority: '0',
    dateDeadline: null,
    active: true,
    ...overrides,
  };
}
