import { okAsync } from 'neverthrow';
import type {
  OdooCapabilities,
  OdooMilestone,
  OdooProject,
  OdooTask,
  OdooUser,
} from '../domain.js';
import type { OdooGateway, OdooRecordSelection, OdooStageRef, Upstream } from '../ports.js';

/** What the in-memory Odoo holds, open for a test to arrange and inspect. */
export interface InMemoryOdooState {
  readonly projects: OdooProject[];
  readonly milestones: OdooMilestone[];
  readonly tasks: OdooTask[];
  readonly users: OdooUser[];
  /** Stages every project's tasks can be in. */
  readonly stages: OdooStageRef[];
  readonly writes: {
    readonly model: string;
    readonly ids: readonly number[];
    readonly values: Record<string, unknown>;
  }[];
  readonly messages: { readonly taskId: number; readonly html: string }[];
  readonly activities: Parameters<OdooGateway['scheduleActivity']>[0][];
}

/** The in-memory Odoo gateway: every `OdooGateway` method, with the calls it answered, in order. */
export interface InMemoryOdooGateway extends OdooGateway {
  readonly state: InMemoryOdooState;
  /** Method names in call order, e.g. `['readTasks', 'search']`. */
  readonly calls: string[];
}

/** Odoo 17 Community without the PPM fields: the default a flow test runs against. */
export const odoo17Capabilities: OdooCapabilities = {
  version: 17,
  priorityLevels: 2,
  hasPlannedDateBegin: false,
  taskStateField: 'state',
  taskFieldTypes: {},
  ppm: { wbsCode: false, portfolio: false, isShipped: false, shippedAt: false, deployments: false },
};

type Condition = readonly [string, string, unknown];

/** The fields a search domain may name, read off the core's records. */
const searchableFields: Record<string, (record: Record<string, unknown>) => unknown> = {
  id: (record) => record.id,
  project_id: (record) => (record.projectId as { id: number } | null)?.id ?? false,
  parent_id: (record) => (record.parentId as { id: number } | null)?.id ?? false,
  milestone_id: (record) => (record.milestoneId as { id: number } | null)?.id ?? false,
  depend_on_ids: (record) => record.dependOnIds,
  active: (record) => record.active ?? true,
};

function matchesTerm(record: Record<string, unknown>, term: unknown): boolean {
  const [field, operator, value] = term as Condition;
  const read = searchableFields[field];
  if (read === undefined) throw new Error(`in-memory Odoo cannot search on ${field}`);
  const actual = read(record);
  switch (operator) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case 'in':
      // On a many2many (a list of ids), Odoo's `in` matches when any id is in the list.
      return Array.isArray(actual)
        ? actual.some((id) => (value as readonly unknown[]).includes(id))
        : (value as readonly unknown[]).includes(actual);
    default:
      throw new Error(`in-memory Odoo cannot search with ${operator}`);
  }
}

/** Odoo's domain: terms joined by AND, with the prefix operators `|`, `&` and `!` (Polish notation). */
function matches(record: Record<string, unknown>, domain: readonly unknown[]): boolean {
  let index = 0;
  const next = (): boolean => {
    const term = domain[index++];
    if (term === '|') {
      const left = next();
      const right = next();
      return left || right;
    }
    if (term === '&') {
      const left = next();
      const right = next();
      return left && right;
    }
    if (term === '!') return !next();
    return matchesTerm(record, term);
  };
  let all = true;
  while (index < domain.length) all = next() && all;
  return all;
}

/**
 * An in-memory twin of `OdooGateway` for flow unit tests: projects, milestones, tasks and users in arrays,
 * read by id as Odoo's `read` does (unknown ids skipped) or by a domain, searched by simple domains (`=`, `!=`, `in` on
 * ids and relations; archived records only when the domain names `active`), and writes, chatter messages
 * and activities recorded. Version differences and the wire format are the testkit simulator's job.
 *
 * @example
 * const odoo = createInMemoryOdooGateway({ tasks: [task] });
 * await syncStateToOdoo(flowContext({ odoo }), task, workItem, mapping);
 * expect(odoo.state.writes).toEqual([{ model: 'project.task', ids: [7], values: { stage_id: 3 } }]);
 */
export function createInMemoryOdooGateway(
  seed: Partial<Omit<InMemoryOdooState, 'writes' | 'messages' | 'activities'>> & {
    readonly capabilities?: OdooCapabilities;
  } = {},
): InMemoryOdooGateway {
  const state: InMemoryOdooState = {
    projects: [...(seed.projects ?? [])],
    milestones: [...(seed.milestones ?? [])],
    tasks: [...(seed.tasks ?? [])],
    users: [...(seed.users ?? [])],
    stages: [...(seed.stages ?? [])],
    writes: [],
    messages: [],
    activities: [],
  };
  const calls: string[] = [];
  const answer = <T>(method: string, value: T): Upstream<T> => {
    calls.push(method);
    return okAsync(value);
  };
  const byIds = <T extends { readonly id: number }>(
    records: readonly T[],
    ids: readonly number[],
  ): T[] => ids.flatMap((id) => records.filter((record) => record.id === id));
  const select = <T extends { readonly id: number }>(
    model: string,
    records: readonly T[],
    selection: OdooRecordSelection,
  ): T[] => {
    if (Array.isArray(selection)) return byIds(records, selection as readonly number[]);
    const { domain } = selection as Exclude<OdooRecordSelection, readonly number[]>;
    const ids = new Set(searchIds(model, domain));
    return records.filter((record) => ids.has(record.id)).sort((a, b) => a.id - b.id);
  };
  const searchIds = (model: string, domain: readonly unknown[]): number[] => {
    const namesActive = domain.some((term) => Array.isArray(term) && term[0] === 'active');
    return recordsOf(model)
      .filter((record) => {
        const fields = record as unknown as Record<string, unknown>;
        return (namesActive || fields.active !== false) && matches(fields, domain);
      })
      .map((record) => record.id)
      .sort((a, b) => a - b);
  };
  const recordsOf = (model: string): readonly { readonly id: number }[] => {
    switch (model) {
      case 'project.project':
        return state.projects;
      case 'project.milestone':
        return state.milestones;
      case 'project.task':
        return state.tasks;
      default:
        throw new Error(`in-memory Odoo has no model ${model}`);
    }
  };

  return {
    state,
    calls,
    readProjects: (ids) => answer('readProjects', byIds(state.projects, ids)),
    readMilestones: (selection) =>
      answer('readMilestones', select('project.milestone', state.milestones, selection)),
    readTasks: (selection) => answer('readTasks', select('project.task', state.tasks, selection)),
    readUsers: (ids) => answer('readUsers', byIds(state.users, ids)),
    search: (model, domain) => answer('search', searchIds(model, domain)),
    capabilities: () => answer('capabilities', seed.capabilities ?? odoo17Capabilities),
    write: (model, ids, values) => {
      state.writes.push({ model, ids: [...ids], values });
      if (model === 'project.task' && typeof values.stage_id === 'number') {
        const stage = state.stages.find((item) => item.id === values.stage_id) ?? null;
        for (const [index, task] of state.tasks.entries())
          if (ids.includes(task.id)) state.tasks[index] = { ...task, stage };
      }
      return answer('write', true);
    },
    listStages: () => answer('listStages', [...state.stages]),
    postMessage: (taskId, html) => {
      state.messages.push({ taskId, html });
      return answer('postMessage', state.messages.length);
    },
    scheduleActivity: (input) => {
      state.activities.push(input);
      return answer('scheduleActivity', state.activities.length);
    },
  };
}
