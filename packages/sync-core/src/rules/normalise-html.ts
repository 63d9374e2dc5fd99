/**
 * Normalises HTML for comparison only (never for writing), so editor noise never causes a write:
 * Plane's editor wraps text in `<p>` and may add `class`/`data-*` attributes, Odoo's stores `<p><br></p>`
 * for an empty body, and both reflow whitespace. Two strings that render the same text structure compare
 * equal after this.
 *
 * @example
 * normaliseHtml('<p class="editor-paragraph-block">Hi  there</p>') === normaliseHtml('Hi there') // true
 */
export function normaliseHtml(html: string | null | undefined): string {
  if (html === null || html === undefined) return '';
  const withoutAttributes = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(
      /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g,
      (_match, slash: string, tag: string) => `<${slash}${tag.toLowerCase()}>`,
    )
    .replace(/<br\/?>/g, '\n')
    // A lone paragraph wrapper carries no meaning: `<p>x</p>` and `x` render the same.
    .replace(/<\/?(p|div|span)>/g, '\n');
  return decodeEntities(withoutAttributes)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

const namedEntities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return namedEntities[entity] ?? match;
  });
}

/** Escapes text for inclusion in HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
