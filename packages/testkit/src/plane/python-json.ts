/** How to lay out the JSON text, mirroring the two serialisers Plane uses. */
export interface PythonJsonOptions {
  /**
   * `'webhook'`: Python's default `json.dumps` (`", "` and `": "` separators, non-ASCII escaped as `\uXXXX`),
   * which is what Plane signs and sends in webhook deliveries (and what Django's own 404 page answers with).
   * `'rest'`: Django REST framework's renderer (`","` and `":"`, UTF-8 kept as is), which is what the REST
   * API answers with.
   */
  readonly style: 'webhook' | 'rest';
}

/**
 * Keys whose numbers are Python floats on the wire (`FloatField`s), so they print with a trailing `.0`
 * when integral (`"sort_order": 65535.0`). JavaScript numbers cannot tell `1` from `1.0`, so the
 * distinction lives here, by field name, as the recorded fixtures show it.
 */
const FLOAT_KEYS: ReadonlySet<string> = new Set(['sort_order', 'sequence', 'epoch']);

/**
 * Serialises a JSON value byte for byte the way Plane's Python side does (see {@link PythonJsonOptions}).
 * Object keys keep insertion order.
 *
 * @example
 * pythonJson({ event: 'issue', data: { sort_order: 65535 } }, { style: 'webhook' });
 * // '{"event": "issue", "data": {"sort_order": 65535.0}}'
 */
export function pythonJson(value: unknown, options: PythonJsonOptions): string {
  const itemSeparator = options.style === 'webhook' ? ', ' : ',';
  const keySeparator = options.style === 'webhook' ? ': ' : ':';
  const escapeNonAscii = options.style === 'webhook';

  const write = (item: unknown, float: boolean): string => {
    if (item === null || item === undefined) return 'null';
    if (typeof item === 'boolean') return item ? 'true' : 'false';
    if (typeof item === 'number') return float ? pythonFloat(item) : pythonInt(item);
    if (typeof item === 'string') return quote(item, escapeNonAscii);
    if (Array.isArray(item)) {
      return `[${item.map((element) => write(element, float)).join(itemSeparator)}]`;
    }
    if (typeof item === 'object') {
      const parts: string[] = [];
      for (const [key, member] of Object.entries(item as Record<string, unknown>)) {
        if (member === undefined) continue;
        parts.push(
          `${quote(key, escapeNonAscii)}${keySeparator}${write(member, FLOAT_KEYS.has(key))}`,
        );
      }
      return `{${parts.join(itemSeparator)}}`;
    }
    throw new TypeError(`pythonJson cannot serialise a ${typeof item}`);
  };

  return write(value, false);
}

function pythonInt(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  return Number.isInteger(value) ? String(value) : pythonFloat(value);
}

// Python's float repr: shortest round-trip digits like JavaScript, but integral values keep ".0" and the
// exponent form starts at 1e16 and always carries a sign and two digits ("1e+16", "1e-05").
function pythonFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e16 || magnitude < 1e-4)) {
    const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
    const sign = exponent.startsWith('-') ? '-' : '+';
    const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function quote(text: string, escapeNonAscii: boolean): string {
  let out = '"';
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    const code = text.charCodeAt(index);
    const short = SHORT_ESCAPES[character];
    if (short !== undefined) out += short;
    else if (code < 0x20 || (escapeNonAscii && code > 0x7e)) {
      // UTF-16 code units, so characters outside the BMP come out as surrogate pairs, as in Python.
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += character;
  }
  return `${out}"`;
}
