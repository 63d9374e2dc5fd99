/** What replaces a secret wherever it is found. */
export const redactedText = '<redacted>';

/**
 * Shorter values are not treated as secrets: replacing one or two characters everywhere would mangle every
 * record while protecting nothing (no credential is that short).
 */
const minimumSecretLength = 4;

/**
 * Returns a deep copy of a value with every configured secret replaced: strings, arrays, plain objects
 * (keys and values) and errors (message, cause and their own fields). Other objects (dates, class
 * instances) are returned as they are. The same function is the identity when no secret is configured.
 */
export type SecretRedactor = <T>(value: T) => T;

/**
 * Creates the redactor behind the engine's one redaction boundary. Each secret is also matched in its
 * URL-encoded form (a token in a query string or path); longer secrets are replaced first, so a secret
 * that contains another one disappears whole.
 *
 * @example
 * const redact = createSecretRedactor([planeApiKey, slackWebhookUrl]);
 * redact({ body: { detail: `bad key ${planeApiKey}` } }); // { body: { detail: 'bad key <redacted>' } }
 */
export function createSecretRedactor(
  secrets: readonly (string | null | undefined)[],
): SecretRedactor {
  const needles = [
    ...new Set(
      secrets
        .filter((secret): secret is string => typeof secret === 'string')
        .flatMap((secret) => [secret, encodeURIComponent(secret)])
        .filter((secret) => secret.trim().length >= minimumSecretLength),
    ),
  ].sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (value) => value;

  const redactText = (text: string): string =>
    needles.reduce(
      (current, needle) =>
        current.includes(needle) ? current.split(needle).join(redactedText) : current,
      text,
    );

  const visit = (value: unknown, seen: WeakMap<object, unknown>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (typeof value !== 'object' || value === null) return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const item of value) copy.push(visit(item, seen));
      return copy;
    }
    if (value instanceof Error) {
      // Same prototype, so `instanceof` and `name` still hold; own fields include message and stack.
      const copy = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>;
      seen.set(value, copy);
      const source = value as unknown as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(value)) copy[key] = visit(source[key], seen);
      return copy;
    }
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return value;
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) copy[redactText(key)] = visit(item, seen);
    return copy;
  };

  return <T>(value: T): T => visit(value, new WeakMap()) as T;
}
