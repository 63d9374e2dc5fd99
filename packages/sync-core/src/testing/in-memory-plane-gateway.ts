import { errAsync, okAsync } from 'neverthrow';
import type {
  PlaneCycle,
  PlaneLabel,
  PlaneMember,
  PlaneProject,
  PlaneState,
  PlaneWorkItem,
} from '../domain.js';
import type {
  PlaneGateway,
  PlaneWorkItemInput,
  Upstream,
  UpstreamFailure,
  UpstreamFailureKind,
} from '../ports.js';

type External = { readonly externalId?: string | null; readonly externalSource?: string | null };
type StoredProject = PlaneProject &
  External & { description?: string; projectLeadId?: string | null };
type StoredCycle = PlaneCycle & External & { readonly projectId: string };

/** What the in-memory Plane holds, open for a test to arrange and inspect. */
export interface InMemoryPlaneState {
  readonly projects: StoredProject[];
  readonly cycles: StoredCycle[];
  readonly workItems: PlaneWorkItem[];
  /** Work item id → ids of the items blocking it. */
  readonly blockedBy: Map<string, string[]>;
  readonly comments: {
    projectId: string;
    workItemId: string;
    commentHtml: string;
    externalId?: string;
  }[];
  readonly labels: Map<string, PlaneLabel[]>;
  readonly projectMembers: Map<string, Set<string>>;
  readonly workspaceMembers: PlaneMember[];
}

/** The in-memory Plane gateway: every `PlaneGateway` method, with the calls it answered, in order. */
export interface InMemoryPlaneGateway extends PlaneGateway {
  readonly state: InMemoryPlaneState;
  /** Method names in call order, e.g. `['listProjects', 'createProject']`. */
  readonly calls: string[];
}

/** The states every new project gets, as Plane CE seeds them. */
const seededStates: readonly Omit<PlaneState, 'id'>[] = [
  { name: 'Backlog', group: 'backlog' },
  { name: 'Todo', group: 'unstarted' },
  { name: 'In Progress', group: 'started' },
  { name: 'Done', group: 'completed' },
  { name: 'Cancelled', group: 'cancelled' },
];

/** The statuses the twin refuses with, and the kind plane-client gives each (its `failureKindOfStatus`). */
const failureKindOfStatus = {
  404: 'not-found',
  409: 'conflict',
} as const satisfies Record<number, UpstreamFailureKind>;

type RefusalStatus = keyof typeof failureKindOfStatus;

function httpFailure(status: RefusalStatus, body: unknown): UpstreamFailure {
  return { kind: 'http', status, failureKind: failureKindOfStatus[status], body, retryable: false };
}

/**
 * An in-memory twin of `PlaneGateway` for flow unit tests: projects, cycles, work items, relations,
 * labels, members and comments in arrays, with Plane's rules that the flows rely on — a taken project name
 * or identifier is a 409, a duplicate external id on a cycle or work item answers the existing one
 * (`created: false`), a comment with a known external id is not made twice, an unknown work item is a 404.
 * The wire-level behaviour (pagination, rate limits, payload shapes) is the testkit simulator's job.
 *
 * @example
 * const plane = createInMemoryPlaneGateway({ botUserId: 'bot' });
 * await syncProjectRecord(flowContext({ plane }), project, { hasMilestones: false });
 * expect(plane.calls).toEqual(['listProjects', 'createProject']);
 */
export function createInMemoryPlaneGateway(
  options: {
    readonly botUserId?: string;
    readonly relationRemoval?: boolean;
    readonly workspaceMembers?: readonly PlaneMember[];
  } = {},
): InMemoryPlaneGateway {
  const botUserId = options.botUserId ?? 'plane-bot';
  const state: InMemoryPlaneState = {
    projects: [],
    cycles: [],
    workItems: [],
    blockedBy: new Map(),
    comments: [],
    labels: new Map(),
    projectMembers: new Map(),
    workspaceMembers: [{ id: botUserId }, ...(options.workspaceMembers ?? [])],
  };
  const states = new Map<string, PlaneState[]>();
  const calls: string[] = [];
  let nextId = 1;
  const newId = (prefix: string): string => `${prefix}-${nextId++}`;
  const answer = <T>(method: string, value: T): Upstream<T> => {
    calls.push(method);
    return okAsync(value);
  };
  const refuse = <T>(method: string, status: RefusalStatus, body: unknown): Upstream<T> => {
    calls.push(method);
    return errAsync(httpFailure(status, body));
  };
  const sameExternal = (item: External, input: External): boolean =>
    input.externalId !== undefined &&
    item.externalId === input.externalId &&
    item.externalSource === input.externalSource;
  const workItemIndex = (projectId: string, workItemId: string): number =>
    state.workItems.findIndex((item) => item.id === workItemId && item.projectId === projectId);

  const applyWorkItemInput = (item: PlaneWorkItem, input: PlaneWorkItemInput): PlaneWorkItem => ({
    ...item,
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.descriptionHtml === undefined ? {} : { descriptionHtml: input.descriptionHtml }),
    ...(input.stateId === undefined ? {} : { stateId: input.stateId }),
    ...(input.priority === undefined ? {} : { priority: input.priority }),
    ...(input.startDate === undefined ? {} : { startDate: input.startDate }),
    ...(input.targetDate === undefined ? {} : { targetDate: input.targetDate }),
    ...(input.assigneeIds === undefined ? {} : { assigneeIds: [...input.assigneeIds] }),
    ...(input.labelIds === undefined ? {} : { labelIds: [...input.labelIds] }),
    ...(input.parentId === undefined ? {} : { parentId: input.parentId }),
  });

  return {
    state,
    calls,
    detectCapabilities: (known = {}) =>
      answer('detectCapabilities', {
        relationRemoval: known.relationRemoval ?? options.relationRemoval ?? false,
        botUserId,
      }),
    listWorkspaceMembers: () => answer('listWorkspaceMembers', [...state.workspaceMembers]),
    listProjectMembers: (projectId) =>
      answer(
        'listProjectMembers',
        [...(state.projectMembers.get(projectId) ?? [])].map((id) => ({ id })),
      ),
    addProjectMember: (projectId, { userId }) => {
      const members = state.projectMembers.get(projectId) ?? new Set<string>();
      members.add(userId);
      state.projectMembers.set(projectId, members);
      return answer('addProjectMember', { member: userId });
    },
    listStates: (projectId) => answer('listStates', [...(states.get(projectId) ?? [])]),
    listLabels: (projectId) => answer('listLabels', [...(state.labels.get(projectId) ?? [])]),
    createLabel: (projectId, input) => {
      const labels = state.labels.get(projectId) ?? [];
      if (labels.some((label) => label.name === input.name))
        return refuse('createLabel', 409, { error: 'Label with the same name already exists' });
      const label = { id: newId('label'), name: input.name };
      state.labels.set(projectId, [...labels, label]);
      return answer('createLabel', label);
    },
    listProjects: () =>
      answer(
        'listProjects',
        state.projects.map((project) => ({ ...project })),
      ),
    createProject: (input) => {
      const taken = state.projects.some(
        (project) =>
          project.name.toLowerCase() === input.name.toLowerCase() ||
          project.identifier === input.identifier.toUpperCase(),
      );
      if (taken) return refuse('createProject', 409, { name: 'The project name is already taken' });
      const project: StoredProject = {
        id: newId('project'),
        name: input.name,
        identifier: input.identifier.toUpperCase(),
        cycleView: input.cycleView ?? false,
        ...(input.description === undefined ? {} : { description: input.description }),
        projectLeadId: input.projectLeadId ?? null,
        externalId: input.externalId ?? null,
        externalSource: input.externalSource ?? null,
      };
      state.projects.push(project);
      states.set(
        project.id,
        seededStates.map((seeded) => ({ ...seeded, id: newId('state') })),
      );
      // Plane makes the creator and the lead members of a new project.
      state.projectMembers.set(
        project.id,
        new Set([botUserId, ...(input.projectLeadId ? [input.projectLeadId] : [])]),
      );
      return answer('createProject', { ...project });
    },
    updateProject: (projectId, patch) => {
      const index = state.projects.findIndex((project) => project.id === projectId);
      const found = state.projects[index];
      if (found === undefined) return refuse('updateProject', 404, { detail: 'Not found.' });
      const updated: StoredProject = { ...found, ...patch };
      state.projects[index] = updated;
      return answer('updateProject', { ...updated });
    },
    listCycles: (projectId) =>
      answer(
        'listCycles',
        state.cycles
          .filter((cycle) => cycle.projectId === projectId)
          .map((cycle) => ({ ...cycle })),
      ),
    createCycle: (projectId, input) => {
      const existing = state.cycles.find(
        (cycle) => cycle.projectId === projectId && sameExternal(cycle, input),
      );
      if (existing !== undefined) return answer('createCycle', { cycle: existing, created: false });
      const cycle: StoredCycle = {
        id: newId('cycle'),
        projectId,
        name: input.name,
        startDate: input.startDate ?? null,
        endDate: input.endDate ?? null,
        externalId: input.externalId ?? null,
        externalSource: input.externalSource ?? null,
      };
      state.cycles.push(cycle);
      return answer('createCycle', { cycle, created: true });
    },
    updateCycle: (projectId, cycleId, patch) => {
      const index = state.cycles.findIndex(
        (cycle) => cycle.id === cycleId && cycle.projectId === projectId,
      );
      const found = state.cycles[index];
      if (found === undefined) return refuse('updateCycle', 404, { detail: 'Not found.' });
      const updated = { ...found, ...patch } as StoredCycle;
      state.cycles[index] = updated;
      return answer('updateCycle', updated);
    },
    addCycleWorkItems: (projectId, cycleId, workItemIds) => {
      for (const id of workItemIds) {
        const index = workItemIndex(projectId, id);
        const item = state.workItems[index];
        if (item !== undefined) state.workItems[index] = { ...item, cycleId };
      }
      return answer('addCycleWorkItems', {});
    },
    removeCycleWorkItem: (projectId, _cycleId, workItemId) => {
      const index = workItemIndex(projectId, workItemId);
      const item = state.workItems[index];
      if (item !== undefined) state.workItems[index] = { ...item, cycleId: null };
      return answer('removeCycleWorkItem', {});
    },
    listCycleWorkItems: (projectId, cycleId) =>
      answer(
        'listCycleWorkItems',
        state.workItems.filter((item) => item.projectId === projectId && item.cycleId === cycleId),
      ),
    createWorkItem: (projectId, input) => {
      const existing = state.workItems.find(
        (item) => item.projectId === projectId && sameExternal(item, input),
      );
      if (existing !== undefined)
        return answer('createWorkItem', { workItem: existing, created: false });
      const blank: PlaneWorkItem = {
        id: newId('item'),
        projectId,
        name: '',
        descriptionHtml: null,
        stateId: states.get(projectId)?.[0]?.id ?? null,
        priority: 'none',
        startDate: null,
        targetDate: null,
        assigneeIds: [],
        labelIds: [],
        parentId: null,
        cycleId: null,
        externalId: input.externalId ?? null,
        externalSource: input.externalSource ?? null,
      };
      const workItem = applyWorkItemInput(blank, input);
      state.workItems.push(workItem);
      return answer('createWorkItem', { workItem, created: true });
    },
    updateWorkItem: (projectId, workItemId, patch) => {
      const index = workItemIndex(projectId, workItemId);
      const found = state.workItems[index];
      if (found === undefined) return refuse('updateWorkItem', 404, { detail: 'Not found.' });
      const updated = applyWorkItemInput(found, patch);
      state.workItems[index] = updated;
      return answer('updateWorkItem', updated);
    },
    getWorkItem: (projectId, workItemId) => {
      const found = state.workItems[workItemIndex(projectId, workItemId)];
      return found === undefined
        ? refuse('getWorkItem', 404, { detail: 'Not found.' })
        : answer('getWorkItem', found);
    },
    findWorkItemByExternalId: (projectId, externalId, externalSource) =>
      answer(
        'findWorkItemByExternalId',
        state.workItems.find(
          (item) =>
            item.projectId === projectId &&
            item.externalId === externalId &&
            item.externalSource === externalSource,
        ) ?? null,
      ),
    listWorkItems: (projectId, { perPage = 100, cursor } = {}) => {
      const all = state.workItems.filter((item) => item.projectId === projectId);
      const start = cursor === undefined ? 0 : Number(cursor);
      const end = start + perPage;
      return answer('listWorkItems', {
        results: all.slice(start, end),
        nextCursor: end < all.length ? String(end) : null,
      });
    },
    listRelations: (_projectId, workItemId) =>
      answer('listRelations', { blockedBy: [...(state.blockedBy.get(workItemId) ?? [])] }),
    createRelation: (_projectId, workItemId, input) => {
      const blockers = state.blockedBy.get(workItemId) ?? [];
      for (const id of input.workItemIds) if (!blockers.includes(id)) blockers.push(id);
      state.blockedBy.set(workItemId, blockers);
      return answer('createRelation', {});
    },
    removeRelation: (_projectId, workItemId, relatedWorkItemId) => {
      // CE has no public removal endpoint: the route answers 404 (see `detectCapabilities`).
      if (!(options.relationRemoval ?? false))
        return refuse('removeRelation', 404, { detail: 'Not found.' });
      const blockers = state.blockedBy.get(workItemId) ?? [];
      state.blockedBy.set(
        workItemId,
        blockers.filter((id) => id !== relatedWorkItemId),
      );
      return answer('removeRelation', {});
    },
    createComment: (projectId, workItemId, input) => {
      const known =
        input.externalId !== undefined &&
        state.comments.some(
          (comment) => comment.projectId === projectId && comment.externalId === input.externalId,
        );
      if (!known)
        state.comments.push({
          projectId,
          workItemId,
          commentHtml: input.commentHtml,
          ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
        });
      return answer('createComment', { created: !known });
    },
  };
}
