import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Registry } from 'prom-client';
import type {
  IngestError,
  InboxProcessor,
  Logger,
  WebhookIngestor,
} from '@odoo-plane-sync/sync-core';
import { createDrainKick } from './drain-kick.js';
import { forwardRejections } from './forward-rejections.js';
import { mountOperationalRoutes } from './operational-routes.js';
import { rawBodyOf } from './raw-body.js';
import { bodyAlreadyParsed, describeRequestFailure } from './request-failure.js';
import { createWebhookMetrics } from './webhook-metrics.js';

/**
 * Where the operational routes are served: a path, or `false` to leave that path to the host (its own
 * `/healthz`, say). Defaults: `/healthz`, `/readyz`, `/status`, `/metrics`.
 */
export interface SyncRouterRoutes {
  readonly health?: string | false;
  readonly readiness?: string | false;
  readonly status?: string | false;
  readonly metrics?: string | false;
}

/** Options of {@link createSyncRouter}. */
export interface SyncRouterOptions {
  readonly ingestor: WebhookIngestor;
  /**
   * Kicked (not awaited) after an accepted delivery, so events run soon after the 202: one drain
   * `drainDelayMs` after the first delivery, shared by every delivery accepted meanwhile.
   */
  readonly processor?: InboxProcessor;
  /** How long a kicked drain waits for more deliveries to share it. Default 20 ms. */
  readonly drainDelayMs?: number;
  /** `/readyz`: 200 when `ok`, else 503; the checks are returned either way. Required unless `routes.readiness` is `false`. */
  readonly readiness?: () => Promise<{ ok: boolean; checks: Record<string, boolean> }>;
  /** `/status`: any JSON (queue depth, last reconciliation, failures, open conflicts). Required unless `routes.status` is `false`. */
  readonly status?: () => Promise<unknown>;
  /** Paths of the health, readiness, status and metrics routes, each of which can be turned off. */
  readonly routes?: SyncRouterRoutes;
  /** Where the webhook counters live; `/metrics` serves it. Default: a registry of the router's own. */
  readonly metrics?: Registry;
  /** Bodies above this are answered 413 before they are read whole. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * Where a failed background drain, an internal error and (once) a body consumed by the host's parser
   * are reported. Without it the consumed body is reported once with `process.emitWarning`.
   */
  readonly logger?: Pick<Logger, 'error'>;
}

/**
 * What {@link createSyncRouter} returns: an Express router, typed as the middleware signature that
 * Express 4 and 5 both mount, so the published types need neither version of `@types/express`.
 */
export type SyncRouter = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

// Long enough for a burst (Plane sends one delivery per changed field) to share a drain, short against
// the seconds the engine's own re-reads take.
const defaultDrainDelayMs = 20;

/** HTTP status per refusal: the only place these statuses are decided. */
const statusOf: Record<IngestError['kind'], number> = {
  'unknown-source': 400,
  // A source without its secret is answered like a route that does not exist.
  'unconfigured-source': 404,
  'bad-signature': 401,
  malformed: 400,
  'too-large': 413,
};

/**
 * An Express router (Express 4.21+ or 5) with the sync agent's HTTP surface: `POST /webhooks/odoo/:token`,
 * `/webhooks/plane`, `/webhooks/github` (raw bytes and headers go to the ingestor; 202 once the event is
 * in the inbox, otherwise 400/401/404/413 with `{ error, message }`), and `GET /healthz`, `/readyz`,
 * `/status` and `/metrics` (Prometheus text: webhooks accepted and rejected by source and reason, both
 * from bounded sets, never from the path), each of which can be moved or turned off with `routes`.
 * Every error the router meets, including the ones Express and body-parser raise before the ingestor
 * runs (415, 400, 413, 500), is answered as JSON `{ error, message }` without a stack or the request's
 * path. A body already consumed by a host's parser is answered 500 `body-already-parsed`, never 401.
 *
 * @example
 * const app = express();
 * app.use(createSyncRouter({ ingestor, processor, readiness, status: () => engineStatus() }));
 * app.use(express.json()); // the host's own parser goes after the router (or use keepRawBody)
 * app.listen(8080);
 */
export function createSyncRouter(options: SyncRouterOptions): SyncRouter {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const registry = options.metrics ?? new Registry();
  const webhookMetrics = createWebhookMetrics(registry);
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: maxBodyBytes });
  let reportedParsedBody = false;
  const { processor } = options;
  // Not awaited: the sender has its answer; a failed drain leaves events pending for the next one.
  const kickDrain =
    processor === undefined
      ? () => undefined
      : createDrainKick(
          () => processor.drain(),
          options.drainDelayMs ?? defaultDrainDelayMs,
          (error: unknown) => {
            options.logger?.error('inbox drain failed', { error: String(error) });
          },
        );

  const refuse = (response: Response, error: IngestError): void => {
    webhookMetrics.rejected(error.source, error.kind);
    response.status(statusOf[error.kind]).json({ error: error.kind, message: error.message });
  };

  const reportParsedBody = (): void => {
    if (reportedParsedBody) return;
    reportedParsedBody = true;
    if (options.logger !== undefined) options.logger.error(bodyAlreadyParsed.message);
    else process.emitWarning(bodyAlreadyParsed.message, 'OdooPlaneSyncWarning');
  };

  const receive = async (request: Request, response: Response): Promise<void> => {
    const source = String(request.params.source ?? 'odoo');
    const token = request.params.token;
    const rawBody = rawBodyOf(request);
    if (rawBody === 'consumed') {
      // Plane does not retry an HTTP error, so every delivery refused here is lost: say why, loudly.
      reportParsedBody();
      webhookMetrics.rejected(source, bodyAlreadyParsed.kind);
      response
        .status(bodyAlreadyParsed.status)
        .json({ error: bodyAlreadyParsed.kind, message: bodyAlreadyParsed.message });
      return;
    }
    const result = await options.ingestor.ingest({
      source,
      rawBody,
      headers: flattenHeaders(request.headers),
      ...(typeof token === 'string' ? { token } : {}),
    });
    if (result.isErr()) return refuse(response, result.error);
    webhookMetrics.accepted(source);
    response.status(202).json(result.value);
    kickDrain();
  };

  router.post('/webhooks/odoo/:token', raw, forwardRejections(receive));
  router.post('/webhooks/:source', raw, forwardRejections(receive));
  mountOperationalRoutes(router, { ...options, registry });
  // Express's own error handler answers HTML with a stack trace outside production: every failure the
  // router meets (body too large or not decompressing, unknown Content-Encoding, a path that does not
  // percent-decode, a throwing readiness or status callback) is answered here, as JSON.
  router.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    const failure = describeRequestFailure(error, maxBodyBytes);
    const [, first, second] = request.path.split('/');
    if (first === 'webhooks') webhookMetrics.rejected(second ?? '', failure.kind);
    if (failure.kind === 'internal')
      options.logger?.error('request failed', { error: String(error) });
    response.status(failure.status).json({ error: failure.kind, message: failure.message });
  });
  return router as unknown as SyncRouter;
}

function flattenHeaders(headers: Request['headers']): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
