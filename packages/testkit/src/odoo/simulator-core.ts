import { modelAccessError, type OdooUserRights } from './access-rules.js';
import { defaultFaultMessage, type OdooFaultInjector } from './faults.js';
import { OdooServerError } from './errors.js';
import { buildModelDefinitions, type ModelVariant, type OdooVersion } from './field-definitions.js';
import { callModelMethod, type Transport } from './model-methods.js';
import { createOrm, type Orm, type OrmEnv } from './orm.js';
import { projectModelRules } from './project-rules.js';
import { createRecordStore } from './record-store.js';
import { seedDatabase, seedModelFields } from './seed-data.js';
import { supportModelRules } from './support-rules.js';
import { formatDatetime } from './value-encoding.js';
import {
  planWebhooks,
  sendWebhooks,
  type OdooWebhookDelivery,
  type WebhookTiming,
} from './webhooks.js';

/** What one RPC call produced, for a transport to encode. */
export type RpcOutcome =
  | { readonly kind: 'result'; readonly value: unknown }
  | { readonly kind: 'error'; readonly error: OdooServerError }
  | { readonly kind: 'http'; readonly status: number; readonly body: string }
  | { readonly kind: 'network-error' };

/** One decoded model call from a transport. */
export interface RpcCall {
  readonly transport: Transport;
  readonly model: string;
  readonly method: string;
  /**
   * Returns the uid the credentials belong to, or throws AccessDenied when they are wrong (checked after
   * fault injection).
   */
  readonly authorize: () => number;
  readonly positional: readonly unknown[];
  readonly keywords: Readonly<Record<string, unknown>>;
  readonly ids?: unknown;
  readonly context?: Readonly<Record<string, unknown>>;
}

/** The shared state behind the transports and the direct-access API of one simulator. */
export interface SimulatorCore {
  readonly baseUrl: string;
  readonly version: OdooVersion;
  readonly db: string;
  readonly login: string;
  readonly apiKey: string;
  readonly uid: number;
  readonly orm: Orm;
  readonly deliveries: OdooWebhookDelivery[];
  /** The user an API key belongs to (the admin's key included), or undefined. */
  userByKey(apiKey: string): SimulatedUser | undefined;
  /** Creates an internal user with an API key; its calls are checked against its rights. */
  addUser(user: { login: string; name: string; apiKey: string; rights: OdooUserRights }): number;
  runRpc(call: RpcCall): Promise<RpcOutcome>;
  /** Runs direct (seeding) work as the admin, in the open long transaction if there is one. */
  runDirect<T>(work: (env: OrmEnv) => T): T;
  beginLongTransaction(): { commit(): void };
  settleWebhooks(): Promise<void>;
  requestCount(): number;
}

/** A user that can call the simulator: the admin, or one made with `addUser`. */
export interface SimulatedUser {
  readonly uid: number;
  readonly login: string;
  readonly apiKey: string;
  readonly rights: OdooUserRights;
}

/** Inputs of the core, already defaulted by the factory. */
export interface SimulatorCoreOptions {
  readonly baseUrl: string;
  readonly variant: ModelVariant;
  readonly db: string;
  readonly login: string;
  readonly apiKey: string;
  readonly clock: { now(): number; sleep(ms: number): Promise<void> };
  readonly fetch: typeof fetch;
  readonly faults: OdooFaultInjector;
  /** When changes become visible relative to their webhooks; default `after-commit`. */
  readonly webhookTiming?: WebhookTiming;
}

const ADMIN_UID = 2;

/**
 * Builds the simulator's state: seeded store, ORM with the project rules, call runner with
 * transactions (rollback on error), faults, webhook delivery and long transactions.
 *
 * @example
 * const core = createSimulatorCore({ baseUrl, variant, db, login, apiKey, clock, fetch, faults });
 */
export function createSimulatorCore(options: SimulatorCoreOptions): SimulatorCore {
  const { variant, clock, faults } = options;
  const webhookTiming: WebhookTiming = options.webhookTiming ?? { kind: 'after-commit' };
  const store = createRecordStore();
  const models = buildModelDefinitions(variant);
  const orm = createOrm({
    variant,
    store,
    models,
    rules: { ...projectModelRules(variant.version), ...supportModelRules() },
    inverses: {
      'project.task.child_ids': { model: 'project.task', field: 'parent_id', kind: 'many2one' },
      'project.task.dependent_ids': {
        model: 'project.task',
        field: 'depend_on_ids',
        kind: 'many2many',
      },
      'project.project.task_ids': { model: 'project.task', field: 'project_id', kind: 'many2one' },
      'project.project.tasks': { model: 'project.task', field: 'project_id', kind: 'many2one' },
      'project.project.milestone_ids': {
        model: 'project.milestone',
        field: 'project_id',
        kind: 'many2one',
      },
      'project.project.type_ids': {
        model: 'project.task.type',
        field: 'project_ids',
        kind: 'many2many',
      },
      'project.milestone.task_ids': {
        model: 'project.task',
        field: 'milestone_id',
        kind: 'many2one',
      },
      'res.partner.user_ids': { model: 'res.users', field: 'partner_id', kind: 'many2one' },
      'base.automation.action_server_ids': {
        model: 'ir.actions.server',
        field: 'base_automation_id',
        kind: 'many2one',
      },
      'mail.message.tracking_value_ids': {
        model: 'mail.tracking.value',
        field: 'mail_message_id',
        kind: 'many2one',
      },
    },
  });
  seedDatabase(store, {
    version: variant.version,
    uid: ADMIN_UID,
    login: options.login,
    createdAt: formatDatetime(clock.now(), 'microseconds'),
  });
  seedModelFields(store, models);

  const deliveries: OdooWebhookDelivery[] = [];
  const users: SimulatedUser[] = [
    { uid: ADMIN_UID, login: options.login, apiKey: options.apiKey, rights: 'admin' },
  ];
  const rightsOf = (uid: number): OdooUserRights =>
    users.find((user) => user.uid === uid)?.rights ?? 'admin';
  let webhookChain: Promise<void> = Promise.resolve();
  let requests = 0;
  let longTransaction: { start: number; capture<T>(work: () => T): T; commit(): void } | undefined;
  // Direct changes of the before-commit timing: staged until their webhooks are sent and the clock has
  // passed `commitAt`; committed lazily by the next call, so no sleeper moves a fake clock.
  let uncommitted:
    { staging: ReturnType<typeof store.beginStaging>; commitAt: number; sent: boolean } | undefined;
  const commitDue = (force = false): void => {
    if (uncommitted === undefined) return;
    if (!force && (!uncommitted.sent || clock.now() < uncommitted.commitAt)) return;
    uncommitted.staging.commit();
    uncommitted = undefined;
  };

  // Webhooks go out one after another in the order of the changes that caused them.
  const queueWebhooks = (env: OrmEnv, posts = planWebhooks(orm, env)): Promise<void> => {
    // A call that sends nothing does not wait for the POSTs of others (one could be its own caller).
    if (posts.length === 0) return Promise.resolve();
    webhookChain = webhookChain.then(() =>
      sendWebhooks(posts, {
        fetch: options.fetch,
        clock,
        record: (delivery) => deliveries.push(delivery),
      }),
    );
    return webhookChain;
  };

  const transaction = <T>(env: OrmEnv, work: () => T): T => {
    const savepoint = store.savepoint();
    try {
      const result = work();
      savepoint.release();
      return result;
    } catch (error) {
      savepoint.rollback();
      throw error;
    }
  };

  return {
    baseUrl: options.baseUrl,
    version: variant.version,
    db: options.db,
    login: options.login,
    apiKey: options.apiKey,
    uid: ADMIN_UID,
    orm,
    deliveries,
    userByKey: (apiKey) => users.find((user) => user.apiKey === apiKey),
    addUser: (user) => {
      if (users.some((known) => known.login === user.login || known.apiKey === user.apiKey))
        throw new Error(`A user with login ${user.login} or the same API key exists already`);
      const env: OrmEnv = {
        uid: ADMIN_UID,
        context: {},
        now: clock.now(),
        view: 'live',
        changes: [],
      };
      const [uid] = transaction(env, () =>
        orm.create(env, 'res.users', [{ name: user.name, login: user.login, email: user.login }]),
      );
      if (uid === undefined) throw new Error('res.users create returned no id');
      users.push({ uid, login: user.login, apiKey: user.apiKey, rights: user.rights });
      return uid;
    },
    requestCount: () => requests,
    settleWebhooks: async () => {
      // A delivery may queue more (never in practice); wait until the chain is stable.
      let current: Promise<void>;
      do {
        current = webhookChain;
        await current;
      } while (current !== webhookChain);
    },
    beginLongTransaction: () => {
      if (longTransaction !== undefined) throw new Error('A long transaction is already open');
      commitDue(true);
      const staging = store.beginStaging();
      const opened = {
        start: clock.now(),
        capture: <T>(work: () => T): T => staging.capture(work),
        commit: () => staging.commit(),
      };
      longTransaction = opened;
      return {
        commit: () => {
          if (longTransaction !== opened) return;
          longTransaction = undefined;
          staging.commit();
        },
      };
    },
    runDirect: (work) => {
      const env: OrmEnv = {
        uid: ADMIN_UID,
        context: {},
        now: longTransaction?.start ?? clock.now(),
        view: 'live',
        changes: [],
      };
      const run = (): ReturnType<typeof work> => transaction(env, () => work(env));
      commitDue();
      if (longTransaction !== undefined) {
        const result = longTransaction.capture(run);
        void queueWebhooks(env);
        return result;
      }
      if (
        webhookTiming.kind === 'after-commit' ||
        (uncommitted === undefined && store.isStaging())
      ) {
        const result = run();
        void queueWebhooks(env);
        return result;
      }
      // Before commit (17.0, 18.0): the webhooks go out while the change is still invisible to readers.
      const pending = uncommitted ?? {
        staging: store.beginStaging(),
        commitAt: 0,
        sent: true,
      };
      uncommitted = pending;
      const result = pending.staging.capture(run);
      const posts = planWebhooks(orm, env);
      // A change that sends nothing has no reason to wait (seeding, reads).
      if (posts.length === 0) {
        commitDue();
        return result;
      }
      pending.commitAt = clock.now() + webhookTiming.commitDelayMs;
      pending.sent = false;
      void queueWebhooks(env, posts).then(() => {
        pending.sent = true;
      });
      return result;
    },
    runRpc: async (call) => {
      requests += 1;
      commitDue();
      const fault = faults.take({
        model: call.model,
        method: call.method,
        transport: call.transport,
      });
      if (fault !== undefined) {
        if ('delayMs' in fault) await clock.sleep(fault.delayMs);
        else if ('error' in fault)
          return {
            kind: 'error',
            error: new OdooServerError(
              fault.error,
              fault.message ?? defaultFaultMessage(fault.error),
            ),
          };
        else if ('httpStatus' in fault)
          return { kind: 'http', status: fault.httpStatus, body: fault.body ?? '' };
        else return { kind: 'network-error' };
      }
      const keywords = { ...call.keywords };
      const context = {
        ...(call.context ?? {}),
        ...((keywords.context as Record<string, unknown> | undefined) ?? {}),
      };
      delete keywords.context;
      // Before commit, the call's changes stay invisible to other readers until its webhooks are sent
      // (the call itself sees them).
      const staging =
        webhookTiming.kind === 'before-commit' && !store.isStaging()
          ? store.beginStaging()
          : undefined;
      try {
        const uid = call.authorize();
        const refused = modelAccessError(rightsOf(uid), variant.version, call.model, call.method);
        if (refused !== undefined) throw refused;
        const env: OrmEnv = {
          uid,
          context,
          now: clock.now(),
          view: staging === undefined ? 'committed' : 'live',
          changes: [],
        };
        const work = () =>
          transaction(env, () =>
            callModelMethod({
              orm,
              env,
              model: call.model,
              method: call.method,
              transport: call.transport,
              positional: call.positional,
              keywords,
              ids: call.ids,
            }),
          );
        const value = staging === undefined ? work() : staging.capture(work);
        // 17.0 sends automation webhooks synchronously, before the RPC reply (recorded).
        await queueWebhooks(env);
        staging?.commit();
        return { kind: 'result', value };
      } catch (error) {
        staging?.commit();
        if (error instanceof OdooServerError) return { kind: 'error', error };
        throw error;
      }
    },
  };
}
