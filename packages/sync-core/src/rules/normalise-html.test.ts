import { describe, expect, it } from 'vitest';
import { escapeHtml, normaliseHtml } from './normalise-html.js';

describe('normaliseHtml', () => {
  it.each([
    ['<p class="editor-paragraph-block">Hi  there</p>', 'Hi there'],
    ['<p><br></p>', ''],
    ['<P>a &amp; b</P>', '<p>a & b</p>'],
    ['<p>one</p><p>two</p>', 'one\n\ntwo'],
    ['<ul><li data-id="1">x</li></ul>', '<ul><li>x</li></ul>'],
    [null, ''],
  ])('treats %j and %j as the same', (left, right) => {
    expect(normaliseHtml(left)).toBe(normaliseHtml(right));
  });

  it.each([
    ['<p>one</p>', '<p>two</p>'],
    ['<b>x</b>', '<i>x</i>'],
    ['<p>a</p><p>b</p>', '<p>ab</p>'],
  ])('keeps %j and %j apart', (left, right) => {
    expect(normaliseHtml(left)).not.toBe(normaliseHtml(right));
  });
});

describe('escapeHtml', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml('<a href="x">R&D</a>')).toBe('&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;');
  });
});
