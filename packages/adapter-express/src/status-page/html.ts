import escapeHtml from 'escape-html';

/**
 * Markup that is already safe: built by {@link html}, so every value in it was escaped. Constructing one
 * directly is only for constant text of this package (the stylesheet), never for data.
 */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What a template takes: text (escaped), numbers, nothing, safe markup, or lists of them. */
export type HtmlValue =
  SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const render = (value: HtmlValue): string => {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
};

/**
 * A template tag that escapes every interpolated value (`& < > " '`, so inside text and inside
 * double-quoted attributes alike) unless it is markup this tag built. Escaping is the default, so a task
 * named `<script>` can only ever be text; there is no way to interpolate a raw string.
 *
 * @example
 * html`<td title="${task.name}">${task.name}</td>`; // both escaped
 * html`<ul>${names.map((name) => html`<li>${name}</li>`)}</ul>`;
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}
