import { withoutUserInfo } from './errors.js';

/**
 * Refuses a base URL with user info (`http://admin:pw@host`). Odoo authenticates with `login` and
 * `apiKey`, never with URL credentials: such a URL fails every call, and whoever prints it prints the
 * password. The message shows the URL without its user info.
 */
export function assertNoUserInfo(baseUrl: string): void {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    return;
  }
  if (parsed.username === '' && parsed.password === '') return;
  throw new TypeError(
    `createOdooClient: baseUrl must not contain a user name or password (${withoutUserInfo(baseUrl)} ` +
      'was given with "user:password@"): pass the login and API key as the login and apiKey options',
  );
}
