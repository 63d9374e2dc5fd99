import { type ResultAsync } from 'neverthrow';
import type { PlaneClientError } from '../errors.js';
import {
  encodeCreateProject,
  encodeUpdateProject,
  type CreateProjectInput,
  type UpdateProjectInput,
} from '../inputs.js';
import { projectSchema } from '../schemas/projects.js';
import type { PlaneProject } from '../types.js';
import type { ResourceContext } from './resource-context.js';

/** Projects of the workspace. */
export interface PlaneProjects {
  listProjects(): ResultAsync<PlaneProject[], PlaneClientError>;
  getProject(projectId: string): ResultAsync<PlaneProject, PlaneClientError>;
  createProject(input: CreateProjectInput): ResultAsync<PlaneProject, PlaneClientError>;
  updateProject(
    projectId: string,
    patch: UpdateProjectInput,
  ): ResultAsync<PlaneProject, PlaneClientError>;
  /** Deletes a project (Plane sends a `project` `deleted` webhook, its only delete event). */
  deleteProject(projectId: string): ResultAsync<void, PlaneClientError>;
  archiveProject(projectId: string): ResultAsync<void, PlaneClientError>;
  unarchiveProject(projectId: string): ResultAsync<void, PlaneClientError>;
}

/** {@link PlaneProjects} on the client's shared transport, in the context's lane. */
export function createProjects(context: ResourceContext): PlaneProjects {
  const { workspace, project, call, callVoid, collect } = context;
  return {
    listProjects: () => collect(`${workspace}projects/`, projectSchema),
    getProject: (projectId) => call({ method: 'GET', path: project(projectId) }, projectSchema),
    // Plane has no external-id check for projects, so a repeated create could duplicate: never retried.
    createProject: (input) =>
      call(
        { method: 'POST', path: `${workspace}projects/`, body: encodeCreateProject(input) },
        projectSchema,
      ),
    updateProject: (projectId, patch) =>
      call(
        { method: 'PATCH', path: project(projectId), body: encodeUpdateProject(patch) },
        projectSchema,
      ),
    deleteProject: (projectId) => callVoid({ method: 'DELETE', path: project(projectId) }),
    archiveProject: (projectId) =>
      callVoid({ method: 'POST', path: `${project(projectId)}archive/`, safety: 'repeatable' }),
    unarchiveProject: (projectId) =>
      callVoid({ method: 'DELETE', path: `${project(projectId)}archive/` }),
  };
}
