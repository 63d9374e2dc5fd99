import type { Clock } from './clock.js';
import type { RetryPolicy } from './retry.js';
import type { Domain } from './search-domain.js';
import type { OdooTransportKind } from './transport.js';

/** Odoo's `context` (`lang`, `tz`, `active_test`, `default_*` …). */
export type OdooContext = Readonly<Record<string, unknown>>;

/** Field values for `create`/`write`, in Odoo's wire encoding (x2many commands, `false` for empty). */
export type OdooValues = Readonly<Record<string, unknown>>;

/** Options of `createOdooClient`. */
export interface OdooClientOptions {
  /** `https://odoo.example.com` (no path). */
  readonly baseUrl: string;
  readonly db: string;
  readonly login: string;
  /** An API key (or, on JSON-RPC, a password). Never appears in errors. */
  readonly apiKey: string;
  /**
   * `auto` (default) asks `common.version` over JSON-RPC and, only when the server says 19 or later,
   * probes JSON-2 (`GET /web/version`) and uses it: 19 logs a deprecation warning for every JSON-RPC
   * call. Servers before 19 get no `/web/version` request (16–18 answer it with a slow HTML 404 page).
   * `json2` on a server without JSON-2 fails with an `unsupported` error.
   */
  readonly transport?: 'auto' | OdooTransportKind;
  /** A `fetch` to use instead of the global one. */
  readonly fetch?: typeof fetch;
  /** Wall-clock limit for each HTTP exchange; default 30 s. */
  readonly timeoutMs?: number;
  /** Time source for retry back-off; default the system clock. */
  readonly clock?: Clock;
  /** Retry policy for reads (and for writes that Odoo rolled back on a concurrency failure). */
  readonly retry?: RetryPolicy;
}

/** Options of `searchRead`. */
export interface SearchReadOptions {
  /** Default: every field, which is large; name the fields you read. */
  readonly fields?: readonly string[];
  /** e.g. `'write_date asc, id asc'`. */
  readonly order?: string;
  readonly limit?: number;
  readonly offset?: number;
  readonly context?: OdooContext;
}

/** Options of `search`. */
export type SearchOptions = Omit<SearchReadOptions, 'fields'>;

/**
 * Which records a typed read returns: these ids (read in chunks of 200, deleted ones left out), or every
 * record a domain matches, in one `search_read` however many projects the domain spans.
 */
export type OdooRecordSelection =
  | readonly number[]
  | {
      readonly domain: Domain;
      /** e.g. `'id asc'`; default the model's `_order`. */
      readonly order?: string;
      readonly context?: OdooContext;
    };
