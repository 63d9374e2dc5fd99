import type { Router } from 'express';
import type { Registry } from 'prom-client';
import { forwardRejections } from './forward-rejections.js';
import type { SyncRouterOptions } from './sync-router.js';

const defaultPaths = {
  health: '/healthz',
  readiness: '/readyz',
  status: '/status',
  metrics: '/metrics',
} as const;

/**
 * Mounts `GET` health, readiness, status and metrics on `router`, each at its configured path or not at
 * all (`false`), so a host that already serves `/healthz` or `/metrics` keeps its own. A route that is on
 * without its callback is a wiring mistake, reported when the router is created rather than on the
 * first probe.
 */
export function mountOperationalRoutes(
  router: Router,
  options: Pick<SyncRouterOptions, 'readiness' | 'status' | 'routes'> & {
    readonly registry: Registry;
  },
): void {
  const paths = { ...defaultPaths, ...options.routes };
  const { readiness, status, registry } = options;
  if (paths.health !== false) {
    router.get(paths.health, (_request, response) => {
      response.json({ ok: true });
    });
  }
  if (paths.readiness !== false) {
    if (readiness === undefined)
      throw new TypeError('createSyncRouter: pass readiness, or set routes.readiness to false');
    router.get(
      paths.readiness,
      forwardRejections(async (_request, response) => {
        const answer = await readiness();
        response.status(answer.ok ? 200 : 503).json(answer);
      }),
    );
  }
  if (paths.status !== false) {
    if (status === undefined)
      throw new TypeError('createSyncRouter: pass status, or set routes.status to false');
    router.get(
      paths.status,
      forwardRejections(async (_request, response) => {
        response.json(await status());
      }),
    );
  }
  if (paths.metrics !== false) {
    router.get(
      paths.metrics,
      forwardRejections(async (_request, response) => {
        response.type(registry.contentType).send(await registry.metrics());
      }),
    );
  }
}
