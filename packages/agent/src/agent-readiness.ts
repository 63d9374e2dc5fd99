import type { OdooClient } from '@odoo-plane-sync/odoo-client';
import type { PlaneClient } from '@odoo-plane-sync/plane-client';
import type { Clock, Inbox } from '@odoo-plane-sync/sync-core';

/** `/readyz`'s answer: ready when every check passed. */
export interface Readiness {
  readonly ok: boolean;
  readonly checks: Record<string, boolean>;
}

/** What the readiness check reads. */
export interface ReadinessParts {
  readonly inbox: Pick<Inbox, 'count'>;
  readonly odoo: Pick<OdooClient, 'searchCount'>;
  readonly plane: Pick<PlaneClient, 'getMe'>;
  readonly clock: Pick<Clock, 'now'>;
  /** How long an answer is reused: probes must not spend Plane's request budget. */
  readonly cacheMs: number;
}

/**
 * Creates the readiness check: the store answers, Odoo authenticates (`search_count` on projects) and
 * Plane knows the key (`users/me`). Answers are reused for `cacheMs`.
 *
 * @example
 * const readiness = createReadinessCheck({ inbox, odoo, plane, clock, cacheMs: 30_000 });
 * const { ok, checks } = await readiness();
 */
export function createReadinessCheck(parts: ReadinessParts): () => Promise<Readiness> {
  let last: { readonly at: number; readonly answer: Readiness } | null = null;
  return async () => {
    if (last !== null && parts.clock.now() - last.at < parts.cacheMs) return last.answer;
    const [store, odoo, plane] = await Promise.all([
      parts.inbox.count('pending').then(
        () => true,
        () => false,
      ),
      (async () => (await parts.odoo.searchCount('project.project', [])).isOk())(),
      (async () => (await parts.plane.getMe()).isOk())(),
    ]);
    const answer: Readiness = { ok: store && odoo && plane, checks: { store, odoo, plane } };
    last = { at: parts.clock.now(), answer };
    return answer;
  };
}
