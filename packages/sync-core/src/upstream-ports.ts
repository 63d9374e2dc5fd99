import type { Result } from 'neverthrow';

/**
 * What a call to either system returns (see `ports.ts`): a thenable of a Result, and the failure the
 * clients classify once. Both gateways (`odoo-ports.ts`, `plane-ports.ts`) are written in these terms.
 */

/**
 * What a client failure means, as both client packages classify it (their `PlaneFailureKind` and
 * `OdooFailureKind` have these names): `conflict` (the resource exists already), `not-found`,
 * `forbidden`, `auth` (credentials refused), `validation`, `rate-limited`, `timeout`, `unavailable`,
 * `network`, `concurrency` (rolled back by a concurrent transaction), `redirect`, `invalid-response`,
 * `unsupported`, `rejected` (any other refusal). The core decides on these, never on a status number.
 */
export type UpstreamFailureKind =
  | 'validation'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'timeout'
  | 'unavailable'
  | 'network'
  | 'concurrency'
  | 'redirect'
  | 'invalid-response'
  | 'unsupported'
  | 'rejected';

/**
 * A failure reported by a client. Both client packages' error unions satisfy this shape; the core decides
 * on `failureKind` and `retryable` (see `classify-failure.ts`); `kind`, `status` and the rest are for
 * messages.
 */
export interface UpstreamFailure {
  /** What happened on the wire (`http`, `rpc`, `network`…), for messages. */
  readonly kind: string;
  /** What it means; the clients always set it. */
  readonly failureKind?: UpstreamFailureKind;
  /** Whether the same call may succeed later; the clients compute it from `failureKind`, once. */
  readonly retryable?: boolean;
  readonly status?: number;
  readonly body?: unknown;
  readonly name?: string;
  readonly message?: string;
  readonly retryAfterMs?: number;
  /** Where a redirect pointed (Plane's `redirect` kind); redirects are never followed. */
  readonly location?: string | null;
}

/**
 * What the client packages return: a thenable of a Result. Shaped like neverthrow's `ResultAsync.then`
 * (whose callbacks may be omitted but not null), so the clients satisfy it without adapters.
 */
export interface Upstream<T> {
  then<A, B = never>(
    onSuccess?: (result: Result<T, UpstreamFailure>) => A | PromiseLike<A>,
    onFailure?: (reason: unknown) => B | PromiseLike<B>,
  ): PromiseLike<A | B>;
}
