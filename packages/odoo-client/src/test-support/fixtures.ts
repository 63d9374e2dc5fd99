import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestServerResponse } from '@odoo-plane-sync/testkit';

/**
 * A request/response pair recorded from a real Odoo (see `fixtures/README.md`). Secrets in requests are
 * `"<redacted>"`; tracebacks in responses are trimmed.
 */
export interface RecordedExchange {
  readonly description: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly body?: unknown;
    readonly rawBody?: string;
  };
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: unknown;
    readonly rawBody?: string;
  };
}

const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Loads the fixture of an Odoo version whose file name starts with `prefix` (e.g. `'025'`). */
export function loadFixture(version: 16 | 17, prefix: string): RecordedExchange {
  const dir = `${fixturesDir}odoo-${version}/`;
  const file = readdirSync(dir).find((name) => name.startsWith(`${prefix}-`));
  if (file === undefined) throw new Error(`No odoo-${version} fixture ${prefix}`);
  return JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as RecordedExchange;
}

/** The recorded answer as a test-server response. */
export function recordedResponse(exchange: RecordedExchange): TestServerResponse {
  const { status, headers, body, rawBody } = exchange.response;
  if (body !== undefined) return { type: 'json', status, body };
  return {
    type: 'text',
    status,
    body: rawBody ?? '',
    headers: { 'content-type': headers['content-type'] ?? 'text/plain' },
  };
}

/** The `params` of a JSON-RPC request body, typed loosely for assertions. */
export function rpcParams(body: unknown): { service: string; method: string; args: unknown[] } {
  return (body as { params: { service: string; method: string; args: unknown[] } }).params;
}

/**
 * The model-level part of an `execute_kw` call (`[model, method, args, kwargs?]`), without db, uid and
 * key, so a client request can be compared with a recorded one.
 */
export function executeKwCall(body: unknown): unknown[] {
  return rpcParams(body).args.slice(3);
}
