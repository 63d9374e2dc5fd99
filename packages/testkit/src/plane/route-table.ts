import type { RouteHandler } from './context.js';

/** The methods the v1 API routes (anything else is answered with 405). */
export type PlaneMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Who may call a route, checked before the rate limit as DRF does (`initial()`: authentication, then
 * permissions, then throttles), so refused calls cost no budget and carry no rate-limit headers.
 * - `user`: any valid key.
 * - `workspace`: the slug must be the simulated workspace (Plane answers 403 for unknown slugs).
 * - `project`: an active member of `:project_id`; writes need role ≥ 15.
 * - `project-identifier`: an active member of the project whose identifier (exact case) is in the path.
 */
export type PlaneRouteAccess = 'user' | 'workspace' | 'project' | 'project-identifier';

/** One URL pattern of the v1 API and the methods it routes. */
export interface PlaneRoute {
  /** After `/api/v1`, e.g. `/workspaces/:slug/projects/:project_id/`. Params ending in `id` only match uuids. */
  readonly path: string;
  readonly access: PlaneRouteAccess;
  readonly methods: Partial<Record<PlaneMethod, RouteHandler>>;
  /** Routes that exist only on Plane Cloud. */
  readonly cloudOnly?: boolean;
}

/** Both URL families of work items route to the same views (`/issues/` and, since v1.1.0, `/work-items/`). */
export function onBothItemPaths(route: PlaneRoute): PlaneRoute[] {
  return ['issues', 'work-items'].map((family) => ({
    ...route,
    path: route.path.replace('{items}', family),
  }));
}

interface CompiledRoute {
  readonly route: PlaneRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const UUID = '[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}';

/** Compiles the routes in order; the first match wins, as in Django's URL resolver. */
export function compileRoutes(
  routes: readonly PlaneRoute[],
): (path: string) => { route: PlaneRoute; params: Record<string, string> } | undefined {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        if (segment === ':issue_key') {
          names.push('project_identifier', 'issue_identifier');
          return '([^/]+)-([^/]+)';
        }
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const name = segment.slice(1);
        names.push(name);
        return name.endsWith('id') ? `(${UUID})` : '([^/]+)';
      })
      .join('/');
    return { route, pattern: new RegExp(`^${source}$`), names };
  });
  return (path) => {
    for (const { route, pattern, names } of compiled) {
      const match = pattern.exec(path);
      if (match === null) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  };
}
