import type { ResultAsync } from 'neverthrow';
import type { OdooCapabilities } from './capabilities.js';
import type { OdooRecord } from './changed-since.js';
import type { OdooRecordSelection } from './client-options.js';
import type { OdooClientError } from './errors.js';
import type { OdooClient } from './odoo-client.js';
import type { OrmCalls } from './orm-calls.js';
import { decodeMilestones, decodeProjects, decodeStages, decodeUsers } from './record-decoders.js';
import {
  MILESTONE_FIELDS,
  projectFields,
  STAGE_FIELDS,
  taskFields,
  USER_FIELDS,
} from './record-fields.js';
import { decodeTasks } from './task-decoder.js';

/** The typed reads of {@link OdooClient}: the fields this server has, decoded into records. */
export type RecordReads = Pick<
  OdooClient,
  'readProjects' | 'readMilestones' | 'readTasks' | 'readStages' | 'listStages' | 'readUsers'
>;

/** The typed reads over the ORM calls, asking the server's capabilities which fields to read. */
export function createRecordReads(
  orm: Pick<OrmCalls, 'readMany' | 'searchRead'>,
  capabilities: () => ResultAsync<OdooCapabilities, OdooClientError>,
): RecordReads {
  const { readMany, searchRead } = orm;

  // Ids are read in chunks; a domain is one search_read, so a read across projects costs one call.
  const readSelection = (
    model: string,
    selection: OdooRecordSelection,
    fields: readonly string[],
  ): ResultAsync<OdooRecord[], OdooClientError> =>
    isIdList(selection)
      ? readMany(model, selection, fields)
      : searchRead(model, selection.domain, {
          fields,
          ...(selection.order === undefined ? {} : { order: selection.order }),
          ...(selection.context === undefined ? {} : { context: selection.context }),
        });

  return {
    readProjects: (ids) =>
      capabilities().andThen((caps) =>
        readMany('project.project', ids, projectFields(caps)).andThen(decodeProjects),
      ),
    readMilestones: (selection) =>
      readSelection('project.milestone', selection, MILESTONE_FIELDS).andThen(decodeMilestones),
    readTasks: (selection, readOptions = {}) =>
      capabilities().andThen((caps) => {
        const extraFields = (readOptions.extraFields ?? []).filter((name) =>
          caps.taskFields.has(name),
        );
        return readSelection('project.task', selection, taskFields(caps, extraFields)).andThen(
          (records) => decodeTasks(records, caps, extraFields),
        );
      }),
    readStages: (ids) => readMany('project.task.type', ids, STAGE_FIELDS).andThen(decodeStages),
    listStages: (projectId) =>
      searchRead('project.task.type', [['project_ids', 'in', [projectId]]], {
        fields: STAGE_FIELDS,
        order: 'sequence asc, id asc',
      }).andThen(decodeStages),
    readUsers: (ids) => readMany('res.users', ids, USER_FIELDS).andThen(decodeUsers),
  };
}

function isIdList(selection: OdooRecordSelection): selection is readonly number[] {
  return Array.isArray(selection);
}
