import { createHash, createHmac } from 'node:crypto';

/** Temporary or long-lived AWS credentials (Lambda provides them in its environment). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A request to sign: the exact bytes of the body are signed, so pass the body that will be sent. */
export interface AwsRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

// RFC 3986 encoding as Signature Version 4 wants it (encodeURIComponent leaves !'()* alone).
const encode = (value: string): string =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Signs a request with AWS Signature Version 4 and returns the headers to send (the given ones plus
 * `host`, `x-amz-date`, `x-amz-security-token` when there is a session token, and `authorization`).
 * Small on purpose: the example needs one SQS call and no SDK.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 *
 * @example
 * const headers = signAwsRequest(request, credentials, { region: 'eu-west-1', service: 'sqs', now: new Date() });
 */
export function signAwsRequest(
  request: AwsRequest,
  credentials: AwsCredentials,
  scope: { readonly region: string; readonly service: string; readonly now: Date },
): Record<string, string> {
  const url = new URL(request.url);
  const amzDate = scope.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  headers.host = url.host;
  headers['x-amz-date'] = amzDate;
  if (credentials.sessionToken !== undefined)
    headers['x-amz-security-token'] = credentials.sessionToken;

  const signedHeaderNames = Object.keys(headers).sort();
  const canonicalQuery = [...url.searchParams]
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalPath = url.pathname
    .split('/')
    .map((segment) => encode(decodeURIComponent(segment)))
    .join('/');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath === '' ? '/' : canonicalPath,
    canonicalQuery,
    ...signedHeaderNames.map((name) => `${name}:${headers[name]}`),
    '',
    signedHeaderNames.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    credentialScope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), scope.region), scope.service),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, ` +
    `SignedHeaders=${signedHeaderNames.join(';')}, Signature=${signature}`;
  return headers;
}
