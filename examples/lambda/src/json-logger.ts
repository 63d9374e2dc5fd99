import type { Logger } from '@odoo-plane-sync/sync-core';

/**
 * One JSON object per line on stdout/stderr, which CloudWatch Logs indexes (Logs Insights can filter on
 * the fields). Callers never pass secrets (see the `Logger` port).
 *
 * @example
 * const logger = createJsonLogger();
 */
export function createJsonLogger(
  write: (level: string, line: string) => void = (level, line) =>
    level === 'error' || level === 'warn' ? console.error(line) : console.log(line),
): Logger {
  const entry =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields: Record<string, unknown> = {}): void =>
      write(level, JSON.stringify({ level, message, ...fields }));
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}
