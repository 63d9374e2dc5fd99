import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '@odoo-plane-sync/sync-core';
import { forwardRejections } from '../forward-rejections.js';
import type { SyncRouter } from '../sync-router.js';
import { renderStatusPage, type StatusPageNotice } from './render-status-page.js';
import { createReplayTokenCheck } from './replay-token.js';
import type { StatusPageSource } from './status-page-source.js';
import { statusPageStyle } from './status-page-style.js';

/** Options of {@link createStatusPage}. */
export interface StatusPageOptions {
  /** What the page shows and how it replays (`createStatusPageSource(agent)` from the agent package). */
  readonly source: StatusPageSource;
  /**
   * The secret a replay needs (at least 16 characters): typed into the page's token field, or sent as
   * `Authorization: Bearer <token>`. Never a cookie, so another site cannot make a browser send it.
   */
  readonly replayToken: string;
  /** The page's heading. Default `odoo-plane-sync status`. */
  readonly title?: string;
  /** Where a failing `read()` or `replay()` is reported; the page itself only says that it failed. */
  readonly logger?: Pick<Logger, 'error'>;
}

// No script may run and only the page's own stylesheet may style it, so even markup that escaped
// escaping could do nothing; forms may post only back here, and no other site may frame the page.
const contentSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(statusPageStyle).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** A form post names at most this many events; more is not a person clicking. */
const maxEventsPerReplay = 100;

/**
 * An Express router (4.21+ or 5) serving the status page at its mount path: `GET` renders it from
 * `source.read()` as server-side HTML (no script, every value escaped), `POST` replays the failed or
 * dead-lettered events the form names (`event`, repeatable, or `all=failed`) once the replay token
 * matches (compared in constant time), then answers `303` back to the page, which says how many were
 * replayed. A wrong or missing token is answered `403` with the page and nothing replayed. Opt-in: mount
 * it only where operators should reach it.
 *
 * @example
 * app.use('/status/page', createStatusPage({
 *   source: createStatusPageSource(agent),
 *   replayToken: process.env.STATUS_PAGE_TOKEN!,
 *   logger: agent.logger,
 * }));
 */
export function createStatusPage(options: StatusPageOptions): SyncRouter {
  const isReplayToken = createReplayTokenCheck(options.replayToken);
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 200 });

  const sendPage = async (
    response: Response,
    status: number,
    notice?: StatusPageNotice,
  ): Promise<void> => {
    const snapshot = await options.source.read();
    const view = {
      ...(notice === undefined ? {} : { notice }),
      ...(options.title === undefined ? {} : { title: options.title }),
    };
    response.status(status).type('html').send(renderStatusPage(snapshot, view));
  };

  router.use((_request, response, next) => {
    response.set({
      'Content-Security-Policy': contentSecurityPolicy,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    next();
  });

  router.get(
    '/',
    forwardRejections((request, response) =>
      sendPage(response, 200, replayNoticeOf(request.query)),
    ),
  );

  router.post(
    '/',
    form,
    forwardRejections(async (request, response) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (!isReplayToken(bearerTokenOf(request) ?? body.token))
        return sendPage(response, 403, {
          kind: 'error',
          text: 'The replay token is wrong or missing: nothing was replayed.',
        });
      const wanted = replayRequestOf(body);
      if (wanted === null)
        return sendPage(response, 400, {
          kind: 'error',
          text: 'Choose an event to replay (or "Replay all failed"): nothing was replayed.',
        });
      const replayed = await options.source.replay(wanted === 'all' ? undefined : wanted);
      const asked = wanted === 'all' ? replayed.length : wanted.length;
      // Post/redirect/get: reloading the page afterwards does not replay again.
      response.redirect(303, `?replayed=${replayed.length}&asked=${asked}`);
    }),
  );

  router.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    options.logger?.error('status page failed', {
      error: error instanceof Error ? error.message : 'unknown',
    });
    response
      .status(500)
      .type('html')
      .send('<!doctype html><title>Status unavailable</title><p>The status could not be read.</p>');
  });
  return router as unknown as SyncRouter;
}

function bearerTokenOf(request: Request): string | undefined {
  const header = request.get('authorization');
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** `all`, the event ids named (deduplicated, bounded), or null when the post names none. */
function replayRequestOf(body: Record<string, unknown>): 'all' | string[] | null {
  if (body.all === 'failed') return 'all';
  const named = (Array.isArray(body.event) ? body.event : [body.event]).filter(
    (id): id is string => typeof id === 'string' && id !== '' && id.length <= 200,
  );
  const ids = [...new Set(named)].slice(0, maxEventsPerReplay);
  return ids.length === 0 ? null : ids;
}

/** The notice after a replay's redirect; only counts are read from the query, never text. */
function replayNoticeOf(query: Request['query']): StatusPageNotice | undefined {
  const replayed = countOf(query.replayed);
  if (replayed === null) return undefined;
  const asked = countOf(query.asked) ?? replayed;
  if (replayed === 0)
    return {
      kind: 'error',
      text: 'Nothing was replayed: the event is no longer failed (it may have run again meanwhile).',
    };
  const skipped = asked > replayed ? `; ${asked - replayed} no longer failed` : '';
  return {
    kind: 'success',
    text: `Replayed ${replayed} ${replayed === 1 ? 'event' : 'events'}${skipped}. The lists below show how they ran.`,
  };
}

function countOf(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : null;
}
