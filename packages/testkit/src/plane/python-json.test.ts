import { describe, expect, it } from 'vitest';
import { pythonJson } from './python-json.js';

describe('pythonJson', () => {
  it('uses the separators of Python json.dumps in webhook style and keeps key order', () => {
    expect(
      pythonJson(
        { event: 'issue', action: 'created', data: { b: 1, a: [1, 2] } },
        { style: 'webhook' },
      ),
    ).toBe('{"event": "issue", "action": "created", "data": {"b": 1, "a": [1, 2]}}');
  });

  it('uses compact separators in REST style', () => {
    expect(pythonJson({ a: [1, null, true], b: 'x' }, { style: 'rest' })).toBe(
      '{"a":[1,null,true],"b":"x"}',
    );
  });

  it('escapes non-ASCII as \\uXXXX (surrogate pairs beyond the BMP) only in webhook style', () => {
    expect(pythonJson({ name: 'Café 🚀' }, { style: 'webhook' })).toBe(
      '{"name": "Caf\\u00e9 \\ud83d\\ude80"}',
    );
    expect(pythonJson({ name: 'Café' }, { style: 'rest' })).toBe('{"name":"Café"}');
  });

  it('escapes quotes, backslashes and control characters as Python does', () => {
    expect(pythonJson('a"b\\c\n\t\u0001\u007f', { style: 'webhook' })).toBe(
      '"a\\"b\\\\c\\n\\t\\u0001\\u007f"',
    );
    expect(pythonJson('\u007f', { style: 'rest' })).toBe('"\u007f"');
  });

  it('prints float fields with a trailing .0 and Python exponent forms', () => {
    expect(
      pythonJson(
        { sort_order: 65535, sequence: 15000.5, epoch: 1e16, count: 3 },
        { style: 'webhook' },
      ),
    ).toBe('{"sort_order": 65535.0, "sequence": 15000.5, "epoch": 1e+16, "count": 3}');
    expect(pythonJson({ sort_order: 0.00001 }, { style: 'rest' })).toBe('{"sort_order":1e-05}');
  });

  it('leaves out undefined members like a dict that never had the key', () => {
    expect(pythonJson({ a: undefined, b: null }, { style: 'rest' })).toBe('{"b":null}');
  });
});
