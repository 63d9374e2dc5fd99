import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { invalidResponse, type OdooClientError } from './errors.js';
import { issuesOf } from './schemas.js';

/** The Odoo server's version, from `common.version` or `GET /web/version`. */
export interface OdooVersion {
  /** 16, 17, 18, 19… (a SaaS build `saas~18.4` has major 18, minor 4). */
  readonly major: number;
  readonly minor: number;
  /** As the server spells it, e.g. `"17.0"` or `"saas~18.4+e"`. */
  readonly serverVersion: string;
  /** The raw `version_info` tuple. */
  readonly info: readonly (string | number)[];
}

const versionInfoSchema = z.array(z.union([z.string(), z.number()])).min(2);

const rpcVersionSchema = z.object({
  server_version: z.string(),
  server_version_info: versionInfoSchema,
});

const webVersionSchema = z.object({
  version: z.string(),
  version_info: versionInfoSchema,
});

/** Decodes the result of JSON-RPC `common.version`. */
export function decodeRpcVersion(value: unknown): Result<OdooVersion, OdooClientError> {
  const parsed = rpcVersionSchema.safeParse(value);
  if (!parsed.success) return err(invalidResponse(issuesOf(parsed.error)));
  return toVersion(parsed.data.server_version, parsed.data.server_version_info);
}

/** Decodes the body of `GET /web/version`. */
export function decodeWebVersion(value: unknown): Result<OdooVersion, OdooClientError> {
  const parsed = webVersionSchema.safeParse(value);
  if (!parsed.success) return err(invalidResponse(issuesOf(parsed.error)));
  return toVersion(parsed.data.version, parsed.data.version_info);
}

function toVersion(
  serverVersion: string,
  info: readonly (string | number)[],
): Result<OdooVersion, OdooClientError> {
  // SaaS builds report `'saas~18'` as the first element; the number after the tilde is the major.
  const major = Number(String(info[0]).replace(/^saas~/, ''));
  const minor = Number(info[1]);
  if (!Number.isInteger(major) || !Number.isInteger(minor)) {
    return err(
      invalidResponse([{ path: 'version_info', message: `Unreadable version ${serverVersion}` }]),
    );
  }
  return ok({ major, minor, serverVersion, info });
}
