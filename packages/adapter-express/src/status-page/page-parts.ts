import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { StatusPageEntity } from './status-page-source.js';

/** One column of a {@link table}: its heading and how a row fills its cell. */
export interface Column<Row> {
  readonly heading: string;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
  readonly cell: (row: Row) => HtmlValue;
}

/** A titled section; the id lets a reader (or a test) find it. */
export function section(id: string, title: string, ...content: readonly HtmlValue[]): SafeHtml {
  return html`<section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    ${content}
  </section>`;
}

/** A table of `rows`, one cell per column, or `empty` (a muted line) when there are none. */
export function table<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  empty: string,
): SafeHtml {
  if (rows.length === 0) return muted(empty);
  const numeric = (column: Column<Row>): string => (column.numeric === true ? 'number' : '');
  return html`<table>
    <thead>
      <tr>
        ${columns.map((column) => html`<th class="${numeric(column)}">${column.heading}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            ${columns.map((column) => html`<td class="${numeric(column)}">${column.cell(row)}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function muted(text: string): SafeHtml {
  return html`<p class="muted">${text}</p>`;
}

/** A missing value, shown as a muted word. */
export function absent(word = '—'): SafeHtml {
  return html`<span class="muted">${word}</span>`;
}

/** The entity's name (when known) above its key. */
export function entity(value: StatusPageEntity): SafeHtml {
  if (value.key === '' && value.name === null) return absent();
  return value.name === null
    ? html`<code>${value.key}</code>`
    : html`<span class="entity-name">${value.name}</span><br /><code>${value.key}</code>`;
}

// The class only ever takes a known word, so a stored value cannot add classes.
const badgeClasses = new Set([
  'dead',
  'failed',
  'conflict',
  'applied',
  'ok',
  'partial',
  'deferred',
]);

/** A status word (`dead`, `applied`, `partial`…), coloured when it is one the page knows. */
export function badge(word: string): SafeHtml {
  return html`<span class="badge ${badgeClasses.has(word) ? word : ''}">${word}</span>`;
}

/** An ISO 8601 instant as `2026-12-01 09:30:00 UTC`, machine-readable in `datetime`. */
export function time(iso: string): SafeHtml {
  const shown = iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
  return html`<time datetime="${iso}">${shown}</time>`;
}
