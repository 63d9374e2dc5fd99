/**
 * The one-line failure reason in a pg-boss job's `output`. pg-boss stores a handler's thrown error
 * serialized (`{ name, message, stack }`), a failure with a plain value as `{ value }`, and its own expiry
 * and shutdown failures as `{ value: { message } }` or `{ value: '…' }`.
 */
export function reasonOfJobOutput(output: unknown): string {
  const message = messageOf(output) ?? messageOf(valueOf(output));
  if (message !== undefined) return firstLine(message);
  const value = valueOf(output);
  if (typeof value === 'string') return firstLine(value);
  return 'failed without a recorded reason';
}

function valueOf(output: unknown): unknown {
  return typeof output === 'object' && output !== null
    ? (output as { value?: unknown }).value
    : undefined;
}

function messageOf(output: unknown): string | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  const message = (output as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
