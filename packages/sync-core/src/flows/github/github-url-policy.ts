/** GitHub's own host; a GitHub Enterprise Server host is added with `enterpriseHost`. */
export const gitHubHost = 'github.com';

/**
 * Whether a URL from a GitHub delivery may become a Plane link or a link in a comment: `https:` on
 * `github.com` or on the configured GitHub Enterprise host, with no credentials and the default port.
 * A valid signature only proves the body came through the hook, not that its `html_url` points at
 * GitHub: a `javascript:` URL would become a clickable link in a Plane comment, and a link to
 * `http://169.254.169.254/…` would be fetched by Plane's link crawler from inside its network.
 */
export function isTrustedGitHubUrl(url: string, enterpriseHost?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const hosts = [
    gitHubHost,
    ...(enterpriseHost === undefined ? [] : [enterpriseHost.toLowerCase()]),
  ];
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    hosts.includes(parsed.hostname)
  );
}
