import { systemClock } from '@odoo-plane-sync/sync-core';
import type { RequestHandler } from 'msw';
import type { OdooUserRights } from './access-rules.js';
import { serveHandlers } from '../http/serve-handlers.js';
import { OdooServerError } from './errors.js';
import { createFaultInjector, type OdooFault, type OdooFaultPattern } from './faults.js';
import type { CustomFields, OdooEdition, OdooVersion } from './field-definitions.js';
import { createJson2Handler, createVersionHandlers } from './json2-transport.js';
import { createJsonRpcHandler } from './jsonrpc-transport.js';
import { irModelId } from './seed-data.js';
import { createSimulatorCore } from './simulator-core.js';
import type { OdooWebhookDelivery, WebhookTrigger } from './webhooks.js';

/** Options of `createOdooSimulator`. */
export interface OdooSimulatorOptions {
  /** Default `'http://odoo.test'`. */
  readonly baseUrl?: string;
  /** Default 17. */
  readonly version?: OdooVersion;
  /** Default `'ce'`; `'ee'` adds Enterprise-only fields such as `planned_date_begin`. */
  readonly edition?: OdooEdition;
  /** Adds the PPM fields: project `wbs_code`, `portfolio_id`; task `is_shipped`, `shipped_at`, `deployment_ids`. */
  readonly ppm?: boolean;
  /**
   * Fields a custom module adds, as the real ship-event run did (`is_shipped`, `shipped_at` are in no stock
   * Odoo): `{ 'project.task': { x_shipped: { type: 'boolean', string: 'Shipped' } } }`.
   */
  readonly customFields?: CustomFields;
  /** Defaults `'odoo'`, `'admin'`, `'odoo-test-key'`. */
  readonly db?: string;
  readonly login?: string;
  readonly apiKey?: string;
  /** Time source for `write_date`, activity states and webhook timeouts; default: the system clock. */
  readonly clock?: { now(): number; sleep(ms: number): Promise<void> };
  /** Used for webhook POSTs; default: global `fetch`. */
  readonly fetch?: typeof fetch;
  /**
   * `before-commit` delivers automation webhooks before the change is committed, as 17.0 and 18.0 do (19.0
   * posts after commit); direct-access changes then commit `commitDelayMs` (default 300) later on the
   * clock. Default `after-commit`.
   */
  readonly webhookTiming?: 'after-commit' | 'before-commit';
  readonly commitDelayMs?: number;
}

/** An automation rule with a "Send Webhook Notification" action (17.0+). */
export interface OdooWebhookRule {
  readonly model: string;
  readonly trigger: WebhookTrigger;
  /** Fields sent in the payload (`webhook_field_ids`). */
  readonly fields?: readonly string[];
  readonly url: string;
}

/** A stateful Odoo server behind msw handlers. */
export interface OdooSimulator {
  readonly baseUrl: string;
  readonly db: string;
  readonly login: string;
  readonly apiKey: string;
  readonly uid: number;
  readonly version: OdooVersion;
  /** msw handlers: `/jsonrpc`, `/json/2/*` (19 only), `/web/version` (404 HTML page before 19). */
  readonly handlers: RequestHandler[];
  /**
   * Creates an internal user with an API key (for JSON-RPC and JSON-2). Its calls run as that user and
   * are checked against its rights: a `project-user` (the default) is refused `ir.model` on 18+ with the
   * recorded 403 `AccessError`, as a real Project / User is.
   */
  addUser(user: {
    readonly login: string;
    readonly apiKey: string;
    readonly name?: string;
    readonly rights?: OdooUserRights;
  }): { readonly uid: number; readonly login: string; readonly apiKey: string };
  /** Creates a record as the admin, with the same rules as RPC; throws `OdooServerError`. */
  create(model: string, values: Record<string, unknown>): number;
  write(model: string, ids: number[], values: Record<string, unknown>): void;
  unlink(model: string, ids: number[]): void;
  /** Wire encoding of an RPC `read` (many2one as `[id, name]`). */
  read(model: string, ids: number[], fields?: string[]): Record<string, unknown>[];
  searchRead(model: string, domain: unknown[], fields?: string[]): Record<string, unknown>[];
  /** Adds an automation rule posting to `url`; 17+ only (throws on 16). */
  addWebhookRule(rule: OdooWebhookRule): { id: number };
  /** Waits until every queued webhook POST has been made. */
  settleWebhooks(): Promise<void>;
  readonly webhookDeliveries: readonly OdooWebhookDelivery[];
  /**
   * Opens a transaction for the direct-access methods: their changes get `write_date` = its start time
   * and stay invisible to RPC readers until `commit`.
   */
  beginLongTransaction(): { commit(): void };
  readonly faults: {
    next(pattern: OdooFaultPattern, fault: OdooFault, count?: number): void;
    clear(): void;
  };
  /** RPC calls handled (JSON-RPC `object` calls and JSON-2 calls). */
  requestCount(): number;
  /** Serves the handlers over real HTTP on 127.0.0.1. */
  serve(options?: { port?: number }): Promise<{ url: string; close(): Promise<void> }>;
}

/**
 * Creates an Odoo simulator faithful to the recorded 16.0/17.0 servers (and 18.0/19.0 as documented).
 *
 * @example
 * const odoo = createOdooSimulator({ version: 17, clock: createFakeClock() });
 * const projectId = odoo.create('project.project', { name: 'Website' });
 * const server = createTestServer({}, { handlers: odoo.handlers });
 */
export function createOdooSimulator(options: OdooSimulatorOptions = {}): OdooSimulator {
  const version = options.version ?? 17;
  const faults = createFaultInjector();
  const core = createSimulatorCore({
    baseUrl: (options.baseUrl ?? 'http://odoo.test').replace(/\/$/, ''),
    variant: {
      version,
      edition: options.edition ?? 'ce',
      ppm: options.ppm ?? false,
      ...(options.customFields === undefined ? {} : { customFields: options.customFields }),
    },
    db: options.db ?? 'odoo',
    login: options.login ?? 'admin',
    apiKey: options.apiKey ?? 'odoo-test-key',
    clock: options.clock ?? systemClock,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    faults,
    webhookTiming:
      options.webhookTiming === 'before-commit'
        ? { kind: 'before-commit', commitDelayMs: options.commitDelayMs ?? 300 }
        : { kind: 'after-commit' },
  });
  const { orm } = core;
  const handlers: RequestHandler[] = [createJsonRpcHandler(core), ...createVersionHandlers(core)];
  if (version >= 19) handlers.push(createJson2Handler(core));

  return {
    baseUrl: core.baseUrl,
    db: core.db,
    login: core.login,
    apiKey: core.apiKey,
    uid: core.uid,
    version,
    handlers,
    addUser: (user) => {
      const uid = core.addUser({
        login: user.login,
        name: user.name ?? user.login,
        apiKey: user.apiKey,
        rights: user.rights ?? 'project-user',
      });
      return { uid, login: user.login, apiKey: user.apiKey };
    },
    create: (model, values) => core.runDirect((env) => orm.create(env, model, [values])[0] ?? 0),
    write: (model, ids, values) => core.runDirect((env) => orm.write(env, model, ids, values)),
    unlink: (model, ids) => core.runDirect((env) => orm.unlink(env, model, ids)),
    read: (model, ids, fields) => core.runDirect((env) => orm.read(env, model, ids, fields)),
    searchRead: (model, domain, fields) =>
      core.runDirect((env) => orm.read(env, model, orm.search(env, model, domain), fields)),
    addWebhookRule: (rule) => {
      if (version < 17) {
        throw new OdooServerError(
          'builtins.ValueError',
          "Wrong value for ir.actions.server.state: 'webhook'",
        );
      }
      return core.runDirect((env) => {
        const modelId = irModelId(orm.store, rule.model);
        if (modelId === undefined)
          throw new OdooServerError(
            'odoo.exceptions.UserError',
            `Object ${rule.model} doesn't exist`,
          );
        const fieldIds = (rule.fields ?? []).map((name) => {
          const fieldId = orm.store.ids('ir.model.fields', env.view).find((id) => {
            const row = orm.store.get('ir.model.fields', id, env.view);
            return row?.model === rule.model && row.name === name;
          });
          if (fieldId === undefined)
            throw new OdooServerError(
              'builtins.ValueError',
              `Invalid field '${name}' on model '${rule.model}'`,
            );
          return fieldId;
        });
        const [id] = orm.create(env, 'base.automation', [
          {
            name: `Webhook ${rule.trigger}`,
            model_id: modelId,
            trigger: rule.trigger,
            action_server_ids: [
              [
                0,
                0,
                {
                  name: 'Webhook',
                  model_id: modelId,
                  state: 'webhook',
                  webhook_url: rule.url,
                  webhook_field_ids: [[6, 0, fieldIds]],
                },
              ],
            ],
          },
        ]);
        return { id: id ?? 0 };
      });
    },
    settleWebhooks: () => core.settleWebhooks(),
    webhookDeliveries: core.deliveries,
    beginLongTransaction: () => core.beginLongTransaction(),
    faults: {
      next: (pattern, fault, count) => faults.next(pattern, fault, count),
      clear: () => faults.clear(),
    },
    requestCount: () => core.requestCount(),
    serve: async (serveOptions = {}) => {
      const served = await serveHandlers(handlers, {
        handlerOrigin: core.baseUrl,
        port: serveOptions.port ?? 0,
      });
      return { url: served.url, close: () => served.close() };
    },
  };
}
