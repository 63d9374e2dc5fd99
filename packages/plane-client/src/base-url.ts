/**
 * Refuses a base URL with user info (`https://user:password@plane.example.com`). Plane authenticates with
 * the `X-API-Key` header only: URL credentials are never what the server checks, and whoever prints such a
 * URL prints the password. Throws a `TypeError` (a configuration mistake, not a runtime failure) whose
 * message shows the URL without its user info.
 */
export function assertNoUserInfo(baseUrl: string): void {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    return;
  }
  if (parsed.username === '' && parsed.password === '') return;
  parsed.username = '';
  parsed.password = '';
  throw new TypeError(
    `createPlaneClient: baseUrl must not contain a user name or password (${parsed.toString()} was ` +
      'given with "user:password@"): pass the API key as the apiKey option',
  );
}
