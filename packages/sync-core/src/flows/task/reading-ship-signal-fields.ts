import type { OdooGateway } from '../../ports.js';

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
