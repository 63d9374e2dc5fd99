import { setupServer } from 'msw/node';
import { createOdooClient } from '@odoo-plane-sync/odoo-client';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import {
  createSyncEngine,
  type GitHubAnnotationOptions,
  type MappingStore,
  type EventLedger,
  type Logger,
  type SyncConfigInput,
  type SyncEngine,
  type PlaneGateway,
  type OdooGateway,
  type Notifier,
} from '@odoo-plane-sync/sync-core';
import {
  createMemoryLogger,
  createRecordingNotifier,
  type RecordingNotifier,
} from '@odoo-plane-sync/sync-core/testing';
import {
  createFakeClock,
  createOdooSimulator,
  createPlaneSimulator,
  type CustomFields,
  type FakeClock,
} from '@odoo-plane-sync/testkit';
import { createInMemoryHarnessStores, type HarnessStores } from './store-backends.js';

export type OdooVersion = 16 | 17 | 18 | 19;

export interface HarnessOptions {
  readonly odooVersion?: OdooVersion;
  readonly ppm?: boolean;
  /** Fields a custom module adds to Odoo (stock Odoo has no ship fields). */
  readonly customFields?: CustomFields;
  readonly planeEdition?: 'ce' | 'cloud';
  /** Plane's rate limit; default off in tests (the benchmark turns it on). */
  readonly rateLimit?: { readonly requests: number; readonly windowMs: number } | false;
  readonly config?: Partial<SyncConfigInput>;
  /** Whether the fake clock jumps to the next sleeper by itself (default true); false: only `advance` moves it. */
  readonly clockAutoAdvance?: boolean;
  /** `before-commit`: Odoo posts webhooks inside the transaction, as 17.0 and 18.0 do. Default after. */
  readonly odooWebhookTiming?: 'after-commit' | 'before-commit';
  /** How far Odoo's clock (its `write_date`s) runs behind the sync's clock, in ms (negative: ahead). Default 0. */
  readonly odooClockSkewMs?: number;
  /**
   * The stores every engine of the harness shares, made on the harness's clock (see `store-backends.ts`:
   * in memory, SQLite, Postgres). Default: fresh in-memory stores.
   */
  readonly stores?: (clock: FakeClock) => HarnessStores;
}

/** Counts the HTTP calls each client makes, by method, so tests can assert "no write". */
export interface CallCounter {
  readonly calls: { readonly method: string; readonly url: string }[];
  writes(): number;
  reset(): void;
}

function countingFetch(
  counter: { calls: { method: string; url: string }[] },
  beforeAnswer?: () => void,
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    counter.calls.push({ method: request.method, url: request.url });
    const response = await fetch(request);
    beforeAnswer?.();
    return response;
  };
}

function createCounter(): CallCounter {
  const calls: { method: string; url: string }[] = [];
  return {
    calls,
    writes: () => calls.filter((call) => call.method !== 'GET').length,
    reset: () => {
      calls.length = 0;
    },
  };
}

/**
 * Both simulators in-process behind one msw server, the real clients pointed at them, in-memory stores,
 * and engines built on demand (a "restart" is a new engine over the same store and simulators).
 */
export function createHarness(options: HarnessOptions = {}) {
  const clock: FakeClock = createFakeClock({
    start: Date.parse('2026-01-05T09:00:00Z'),
    autoAdvance: options.clockAutoAdvance ?? true,
  });
  const plane = createPlaneSimulator({
    clock,
    rateLimit: options.rateLimit ?? false,
    edition: options.planeEdition ?? 'ce',
  });
  const odoo = createOdooSimulator({
    version: options.odooVersion ?? 17,
    ppm: options.ppm ?? false,
    ...(options.customFields === undefined ? {} : { customFields: options.customFields }),
    clock:
      options.odooClockSkewMs === undefined
        ? clock
        : {
            now: () => clock.now() - (options.odooClockSkewMs ?? 0),
            sleep: (ms: number) => clock.sleep(ms),
          },
    ...(options.odooWebhookTiming === undefined
      ? {}
      : { webhookTiming: options.odooWebhookTiming }),
  });
  const server = setupServer(...plane.handlers, ...odoo.handlers);
  const stores: HarnessStores = (options.stores ?? createInMemoryHarnessStores)(clock);
  const store: MappingStore = stores.mappings;
  const ledger: EventLedger = stores.ledger;
  const notifier: RecordingNotifier = createRecordingNotifier();
  const { failures, syncState } = stores;
  const planeCalls = createCounter();
  let eventSequence = 0;
  const odooCalls = createCounter();

  const clients = (
    crashAfterPlaneCalls?: number,
    clientOptions: {
      readonly retry?: { readonly limit?: number };
      /** Another slug than the simulator's (a typo in the configuration). */
      readonly workspaceSlug?: string;
    } = {},
  ) => {
    let planeCallsMade = 0;
    const crash = (): void => {
      planeCallsMade += 1;
      // The call reached Plane and was applied; the process dies before it can read the answer.
      if (crashAfterPlaneCalls !== undefined && planeCallsMade >= crashAfterPlaneCalls)
        throw new Error('simulated crash');
    };
    const planeClient = createPlaneClient({
      baseUrl: plane.baseUrl,
      apiKey: plane.apiKey,
      workspaceSlug: plane.workspaceSlug,
      clock,
      rateLimit: options.rateLimit ?? false,
      edition: options.planeEdition ?? 'ce',
      fetch: countingFetch(planeCalls, crash),
      random: () => 0.5,
      retry: { limit: crashAfterPlaneCalls === undefined ? 3 : 0 },
      ...clientOptions,
    });
    const odooClient = createOdooClient({
      baseUrl: odoo.baseUrl,
      db: odoo.db,
      login: odoo.login,
      apiKey: odoo.apiKey,
      clock,
      transport: (options.odooVersion ?? 17) >= 19 ? 'json2' : 'jsonrpc',
      fetch: countingFetch(odooCalls),
    });
    return { planeClient, odooClient };
  };

  const createEngine = (
    engineOptions: {
      readonly crashAfterPlaneCalls?: number;
      readonly planeClientRetries?: number;
      /** The workspace slug the client and the engine are configured with; default the simulator's. */
      readonly planeWorkspaceSlug?: string;
      readonly config?: Partial<SyncConfigInput>;
      /** Another mapping store (for example an empty one, as after losing the database). */
      readonly store?: MappingStore;
      /** GitHub annotations, linking through this engine's Plane client. */
      readonly github?: Omit<GitHubAnnotationOptions, 'links'>;
      /** Where the engine logs; default a fresh memory logger nobody reads. */
      readonly logger?: Logger;
      /** Another Plane gateway (for example a client with a wrong key) instead of the harness's client. */
      readonly plane?: PlaneGateway;
      readonly notifier?: Notifier;
      readonly secrets?: readonly string[];
    } = {},
  ): SyncEngine => {
    const workspaceSlug = engineOptions.planeWorkspaceSlug ?? plane.workspaceSlug;
    const { planeClient, odooClient } = clients(engineOptions.crashAfterPlaneCalls, {
      workspaceSlug,
      ...(engineOptions.planeClientRetries === undefined
        ? {}
        : { retry: { limit: engineOptions.planeClientRetries } }),
    });
    const planeGateway: PlaneGateway = engineOptions.plane ?? planeClient;
    const odooGateway: OdooGateway = odooClient;
    return createSyncEngine({
      store: engineOptions.store ?? store,
      ledger,
      notifier: engineOptions.notifier ?? notifier,
      failures,
      syncState,
      clock,
      logger: engineOptions.logger ?? createMemoryLogger(),
      ...(engineOptions.secrets === undefined ? {} : { secrets: engineOptions.secrets }),
      plane: planeGateway,
      odoo: odooGateway,
      config: {
        plane: { workspaceSlug },
        odoo: { sourceId: odoo.db },
        ...options.config,
        ...engineOptions.config,
      },
      ...(engineOptions.github === undefined
        ? {}
        : { github: { ...engineOptions.github, links: planeClient } }),
      // Shared by every engine of the harness, so correlation ids stay unique across restarts.
      randomId: () => `event-${(eventSequence += 1)}`,
    })._unsafeUnwrap();
  };

  return {
    clock,
    plane,
    odoo,
    store,
    ledger,
    notifier,
    failures,
    syncState,
    planeCalls,
    odooCalls,
    createEngine,
    clients,
    /** A Plane client with the admin key that counts nothing, for tests to look at Plane's state. */
    planeInspector: () =>
      createPlaneClient({
        baseUrl: plane.baseUrl,
        apiKey: plane.apiKey,
        workspaceSlug: plane.workspaceSlug,
        rateLimit: false,
        edition: options.planeEdition ?? 'ce',
      }),
    /** An Odoo client that counts nothing, for tests to look at Odoo's state. */
    odooInspector: () =>
      createOdooClient({
        baseUrl: odoo.baseUrl,
        db: odoo.db,
        login: odoo.login,
        apiKey: odoo.apiKey,
        transport: 'jsonrpc',
      }),
    /** Requests to `passThroughOrigin` (a real local server of the test) go out unintercepted. */
    listen: (passThroughOrigin?: string) =>
      server.listen({
        onUnhandledRequest: (request, print) => {
          if (passThroughOrigin === undefined || !request.url.startsWith(passThroughOrigin))
            print.error();
        },
      }),
    close: () => server.close(),
  };
}

export type Harness = ReturnType<typeof createHarness>;
