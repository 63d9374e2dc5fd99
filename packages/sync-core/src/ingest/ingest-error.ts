/**
 * Why a webhook delivery was refused. Messages are safe to return to the caller: they never contain a
 * secret, a token or the body. Adapters map kinds to HTTP statuses (see the adapter READMEs).
 * - `unknown-source`: the path names no source this library knows (`odoo`, `plane`, `github`).
 * - `unconfigured-source`: a known source whose secret was not configured, so nothing can be verified.
 * - `bad-signature`: the signature (Plane, GitHub) or the path token (Odoo) is missing or wrong.
 * - `malformed`: not UTF-8, not JSON, or not the shape the source sends.
 * - `too-large`: the body exceeds `maxBodyBytes`.
 */
export type IngestError =
  | { readonly kind: 'unknown-source'; readonly source: string; readonly message: string }
  | { readonly kind: 'unconfigured-source'; readonly source: string; readonly message: string }
  | { readonly kind: 'bad-signature'; readonly source: string; readonly message: string }
  | { readonly kind: 'malformed'; readonly source: string; readonly message: string }
  | {
      readonly kind: 'too-large';
      readonly source: string;
      readonly message: string;
      readonly limitBytes: number;
    };

/** The kinds of {@link IngestError}, for metrics labels and exhaustive maps. */
export type IngestErrorKind = IngestError['kind'];

/** A `malformed` error for a source. */
export function malformed(source: string, message: string): IngestError {
  return { kind: 'malformed', source, message };
}
