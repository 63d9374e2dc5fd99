/**
 * Why the router could not read a request before the ingestor saw it, or failed answering it:
 * - `too-large`: the body is over the limit (413);
 * - `unsupported-encoding`: a `Content-Encoding` other than identity, gzip, deflate or br (415);
 * - `malformed`: a body that does not decompress, a path with an invalid percent-escape, or any other
 *   request the host refused as unreadable (400);
 * - `body-already-parsed`: a body parser mounted before the router (a global `express.json()`) read the
 *   body and kept no raw bytes, so no signature can be checked (500: the host is misconfigured, the
 *   sender is not at fault);
 * - `internal`: anything else (500); the message says nothing about the cause.
 */
export type RequestFailureKind =
  'too-large' | 'unsupported-encoding' | 'malformed' | 'body-already-parsed' | 'internal';

/** The JSON answer to a failed request: a status and `{ error, message }`, never a stack or a path. */
export interface RequestFailure {
  readonly kind: RequestFailureKind;
  readonly status: number;
  readonly message: string;
}

/**
 * The answer when the host's body parser consumed the body: it names the cause and both fixes, because
 * the 401 a signature check over the parsed body would give looks exactly like a wrong secret.
 */
export const bodyAlreadyParsed: RequestFailure = {
  kind: 'body-already-parsed',
  status: 500,
  message:
    'A body parser mounted before the sync router (such as a global express.json()) consumed the ' +
    'request body, so its signature cannot be checked over the raw bytes. Mount the sync router ' +
    'before the body parser, or keep the raw bytes with express.json({ verify: keepRawBody }) ' +
    '(keepRawBody is exported by @odoo-plane-sync/adapter-express).',
};

/**
 * Classifies an error thrown by Express, body-parser or a route handler. Only the error's `status` and
 * `type` are read: their messages may quote the path (Express's "Failed to decode param '…'") or the
 * encoding the sender chose, so none of their text is passed on.
 */
export function describeRequestFailure(error: unknown, maxBodyBytes: number): RequestFailure {
  const { status, type } = httpErrorFields(error);
  if (type === 'entity.too.large' || status === 413) {
    return {
      kind: 'too-large',
      status: 413,
      message: `The body exceeds the limit of ${maxBodyBytes} bytes.`,
    };
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported' || status === 415) {
    return {
      kind: 'unsupported-encoding',
      status: 415,
      message: 'The Content-Encoding is not supported; send identity, gzip, deflate or br.',
    };
  }
  if (error instanceof URIError || (status === 400 && type === undefined)) {
    // Express's router marks a path parameter it cannot percent-decode as a 400 URIError; body-parser
    // marks a body that does not decompress as a 400 without a type.
    return {
      kind: 'malformed',
      status: 400,
      message:
        error instanceof URIError
          ? 'The request path holds an invalid percent-escape.'
          : 'The body could not be read (it does not decompress, or the request was cut short).',
    };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return { kind: 'malformed', status: 400, message: 'The request could not be read.' };
  }
  return { kind: 'internal', status: 500, message: 'The request failed inside the sync agent.' };
}

function httpErrorFields(error: unknown): { status?: number; type?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { status, type } = error as { status?: unknown; type?: unknown };
  return {
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof type === 'string' ? { type } : {}),
  };
}
