/** Work-item keys look like `PROJ-123`: a Plane project identifier (≤ 12 letters/digits) and a sequence. */
// Bounded by anything but a letter or digit, so `web-12_fix` and `feature/WEB-12` both match.
const keyPattern = /(?<![A-Za-z0-9])([A-Z][A-Z0-9]{0,11})-([1-9][0-9]{0,8})(?![A-Za-z0-9])/g;
/** Identifier-like words that are standards or encodings, not Plane projects. */
const notProjects = new Set(['SHA', 'UTF', 'ISO', 'RFC', 'CVE', 'HTTP', 'TLS', 'X']);
const maxKeys = 10;

/**
 * Work-item keys mentioned in text, in order of appearance, without repeats. Branch names are matched
 * case-insensitively (`proj-123-fix-login`); titles and bodies only in capitals, where a key is meant.
 */
export function findWorkItemKeys(
  texts: readonly (string | null | undefined)[],
  branches: readonly (string | null | undefined)[] = [],
): string[] {
  const keys: string[] = [];
  const scan = (text: string): void => {
    for (const match of text.matchAll(keyPattern)) {
      const [, identifier, sequence] = match;
      if (identifier === undefined || sequence === undefined || notProjects.has(identifier))
        continue;
      const key = `${identifier}-${sequence}`;
      if (!keys.includes(key) && keys.length < maxKeys) keys.push(key);
    }
  };
  for (const text of texts) if (typeof text === 'string') scan(text);
  for (const branch of branches) if (typeof branch === 'string') scan(branch.toUpperCase());
  return keys;
}
