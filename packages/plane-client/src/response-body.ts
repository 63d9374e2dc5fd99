/** Parses a response body as JSON without throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The body of a failed answer, for its error: parsed JSON, else the raw text, `null` when empty. */
export function parseBody(text: string): unknown {
  if (text === '') return null;
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : text;
}
