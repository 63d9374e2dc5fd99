import { FORBIDDEN, type RouteContext, type RouteResult } from '../context.js';
import type { PlaneRoute } from '../route-table.js';
import { userLite } from '../serializers.js';

function me(context: RouteContext): RouteResult {
  return { status: 200, body: userLite(context.user) };
}

// Workspace members come back as a bare array with the workspace role; guests may not list them.
function workspaceMembers(context: RouteContext): RouteResult {
  if (context.user.role < 15) return FORBIDDEN;
  return {
    status: 200,
    body: [...context.store.users.values()].map((user) => ({ ...userLite(user), role: user.role })),
  };
}

/** `users/me` and the workspace member list. */
export const workspaceRoutes: readonly PlaneRoute[] = [
  { path: '/users/me/', access: 'user', methods: { GET: me } },
  { path: '/workspaces/:slug/members/', access: 'workspace', methods: { GET: workspaceMembers } },
];
