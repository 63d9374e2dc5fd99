import { type ResultAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import { type AddProjectMemberInput } from '../inputs.js';
import { memberSchema, projectMembershipSchema, userSchema } from '../schemas/members.js';
import type { PlaneMember, PlaneProjectMembership, PlaneUser } from '../types.js';
import type { ResourceContext } from './resource-context.js';

const memberArray = memberSchema.array();

/** The key's user and the workspace and project members. */
export interface PlaneMembers {
  /** The user who owns the API key. */
  getMe(): ResultAsync<PlaneUser, PlaneClientError>;
  listWorkspaceMembers(): ResultAsync<PlaneMember[], PlaneClientError>;
  listProjectMembers(projectId: string): ResultAsync<PlaneMember[], PlaneClientError>;
  addProjectMember(
    projectId: string,
    input: AddProjectMemberInput,
  ): ResultAsync<PlaneProjectMembership, PlaneClientError>;
}

/** {@link PlaneMembers} on the client's shared transport, in the context's lane. */
export function createMembers(context: ResourceContext): PlaneMembers {
  const { workspace, project, call } = context;
  const getMe = (): ResultAsync<PlaneUser, PlaneClientError> =>
    call({ method: 'GET', path: 'users/me/' }, userSchema);

  return {
    getMe,
    listWorkspaceMembers: () => call({ method: 'GET', path: `${workspace}members/` }, memberArray),
    listProjectMembers: (projectId) =>
      call({ method: 'GET', path: `${project(projectId)}members/` }, memberArray),
    addProjectMember: (projectId, input) =>
      call(
        {
          method: 'POST',
          path: `${project(projectId)}members/`,
          body: { member: input.userId, role: input.role ?? 15 },
        },
        projectMembershipSchema,
      ),
  };
}
