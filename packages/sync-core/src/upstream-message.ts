import type { UpstreamFailure } from './ports.js';

/** Long enough for a server's reason, short enough for a log line, a Slack alert and `/status`. */
const maxMessageLength = 200;

/**
 * The server's own reason for a failure, in one short line, or undefined when it gave none. An operator
 * acts on "Invalid HTML passed" or "Given API token is not valid", not on "http 400" (issue 10.8).
 *
 * Read from, in order: a redirect's `Location`; the client's `message` (Odoo rpc errors, with the short
 * exception `name`); the body — Plane's `error` / `detail` / `non_field_errors` / per-field lists, Odoo
 * JSON-2's `{name, message}`, or the `<title>` of an HTML page. Anything that looks like a credential is
 * replaced by `<redacted>`; the clients remove their own keys too.
 *
 * @example
 * upstreamMessageOf({ kind: 'http', status: 400, body: { non_field_errors: ['Invalid HTML passed'] } })
 * // 'Invalid HTML passed'
 */
export function upstreamMessageOf(failure: UpstreamFailure): string | undefined {
  const raw =
    (failure.kind === 'redirect' && typeof failure.location === 'string' && failure.location !== ''
      ? `redirected to ${failure.location}`
      : undefined) ??
    messageOfFailure(failure) ??
    messageOfBody(failure.body, 0);
  if (raw === undefined) return undefined;
  const line = redactCredentials(raw).replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > maxMessageLength ? `${line.slice(0, maxMessageLength - 1)}…` : line;
}

/**
 * The client's own `message`, without what the description already says: odoo-client words an rpc error
 * `<module.Class>: <Odoo's text>` and an http one `HTTP <status>…`; `(an HTML page)` says nothing.
 */
function messageOfFailure(failure: UpstreamFailure): string | undefined {
  if (typeof failure.message !== 'string') return undefined;
  let text = failure.message.trim().replace(/^HTTP \d{3}\b:?\s*/, '');
  if (failure.name !== undefined && text.startsWith(`${failure.name}:`)) {
    text = text.slice(failure.name.length + 1).trim();
  }
  if (text === '' || text === '(an HTML page)') return undefined;
  return withName(failure.name, text);
}

/** `odoo.exceptions.AccessError` → `AccessError: …`; the module path adds length, not meaning. */
function withName(name: string | undefined, message: string): string {
  const short = name?.split('.').pop()?.trim();
  return short === undefined || short === '' ? message : `${short}: ${message}`;
}

function messageOfBody(body: unknown, depth: number): string | undefined {
  if (depth > 3 || body === null || body === undefined) return undefined;
  if (typeof body === 'string') return messageOfText(body, depth);
  if (Array.isArray(body)) return joined(body.map((item) => messageOfBody(item, depth + 1)));
  if (typeof body !== 'object') return undefined;
  const record = body as Readonly<Record<string, unknown>>;
  for (const key of ['error', 'detail', 'non_field_errors'] as const) {
    const found = messageOfBody(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  // Odoo's JSON-RPC error envelope: the generic "Odoo Server Error" outside, the exception in `data`.
  const data = record.data as Readonly<Record<string, unknown>> | null | undefined;
  if (typeof data === 'object' && data !== null && typeof data.message === 'string') {
    return withName(typeof data.name === 'string' ? data.name : undefined, data.message);
  }
  if (typeof record.message === 'string') {
    return withName(typeof record.name === 'string' ? record.name : undefined, record.message);
  }
  // DRF field errors: `{"url": ["Invalid URL format."], "labels": {"0": ["Invalid pk …"]}}`.
  return joined(
    Object.entries(record).map(([field, value]) => {
      const found = messageOfBody(value, depth + 1);
      return found === undefined ? undefined : `${field}: ${found}`;
    }),
  );
}

function messageOfText(text: string, depth: number): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return messageOfBody(JSON.parse(trimmed) as unknown, depth + 1) ?? trimmed;
    } catch {
      return trimmed;
    }
  }
  if (trimmed.startsWith('<')) {
    // An HTML error page (a proxy, Odoo's website 404): its title says it; the markup does not.
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1];
    return title === undefined ? undefined : title.trim() || undefined;
  }
  return trimmed;
}

function joined(parts: readonly (string | undefined)[]): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  return present.length === 0 ? undefined : present.join('; ');
}

function redactCredentials(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1')
    .replace(/\bplane_api_[A-Za-z0-9]+/g, '<redacted>')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>')
    .replace(
      /\b(x-api-key|api[_-]?key|apikey|token|password|secret)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi,
      '$1$2<redacted>',
    );
}
