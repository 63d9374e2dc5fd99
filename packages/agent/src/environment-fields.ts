import { z } from 'zod';

/** Trimmed text; empty counts as unset. */
export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** An integer in `[min, max]`; unset or empty gives `fallback`. */
export const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        context.addIssue({ code: 'custom', message: `an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });

/** An http(s) URL without user info, trailing slashes removed. */
export const httpUrl = z
  .string()
  .trim()
  .refine(
    (value) => hasProtocol(value, ['http:', 'https:']),
    'an http(s) URL such as https://odoo.example.com',
  )
  // Credentials in the URL are never what Odoo or Plane check (they take the API key variables), every
  // call would fail, and the URL is printed at start-up: refuse it, without repeating the value.
  .refine(
    (value) => !hasUserInfo(value),
    'must not contain a user name or password ("user:password@"): put the credentials in the *_API_KEY variable',
  )
  .transform((value) => value.replace(/\/+$/, ''));

/** A `postgres://` or `postgresql://` connection string (its password is a secret, never echoed). */
export const postgresUrl = optionalText.refine(
  (value) => value === undefined || hasProtocol(value, ['postgres:', 'postgresql:']),
  'a connection string such as postgres://sync:password@db.internal:5432/sync?sslmode=require',
);

/** A Postgres schema name: lower-case letters, digits and `_`, not starting with a digit. */
export const schemaName = (fallback: string) =>
  optionalText
    .refine(
      (value) => value === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(value),
      'a schema name: lower-case letters, digits and _',
    )
    .transform((value) => value ?? fallback);

export function hasProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function hasUserInfo(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `word` or `kind:name` (e.g. `off`, `tag:shipped`), as sync-core's `ship` settings take them. */
export const signalSetting = <Setting>(words: readonly string[], kinds: readonly string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context): Setting | undefined => {
      if (value === undefined || value === '') return undefined;
      if (words.includes(value)) return value as Setting;
      const separator = value.indexOf(':');
      const kind = value.slice(0, separator);
      const name = value.slice(separator + 1).trim();
      if (separator > 0 && kinds.includes(kind) && name !== '') return { [kind]: name } as Setting;
      context.addIssue({
        code: 'custom',
        message: `${words.join(', ')} or ${kinds.map((item) => `${item}:<name>`).join(', ')}`,
      });
      return z.NEVER;
    });

/** `key=value,key=value` pairs whose keys are in `keys`; `describe` says the form in a problem. */
export const pairList = (
  keys: readonly string[],
  describe: string,
  valueOf: (text: string) => string | null = (text) => text,
) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      const pairs: Record<string, string | null> = {};
      for (const pair of (value ?? '').split(',')) {
        if (pair.trim() === '') continue;
        const [key = '', name = ''] = pair.split('=').map((part) => part.trim());
        if (!keys.includes(key) || name === '') {
          context.addIssue({ code: 'custom', message: describe });
          return z.NEVER;
        }
        pairs[key] = valueOf(name);
      }
      return pairs;
    });
