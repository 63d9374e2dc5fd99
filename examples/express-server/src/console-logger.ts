import type { Logger } from '@odoo-plane-sync/sync-core';
import type { SyncLogLevel as LogLevel } from '@odoo-plane-sync/agent';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where log lines go; the console by default, a list in tests. */
export type LogSink = (level: LogLevel, line: string) => void;

const consoleSink: LogSink = (level, line) => {
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
};

/**
 * A `Logger` that writes one line per entry: time, level, message and the fields as JSON. Callers never
 * pass secrets (see the `Logger` port), so nothing is redacted here.
 *
 * @example
 * const logger = createConsoleLogger('info');
 * logger.info('poll done', { changed: 3 });
 */
export function createConsoleLogger(level: LogLevel, sink: LogSink = consoleSink): Logger {
  const write =
    (entryLevel: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (rank[entryLevel] < rank[level]) return;
      const suffix =
        fields === undefined || Object.keys(fields).length === 0 ? '' : ` ${safeJson(fields)}`;
      sink(entryLevel, `${new Date().toISOString()} ${entryLevel.padEnd(5)} ${message}${suffix}`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields);
  } catch {
    return '{"fields":"unserialisable"}';
  }
}
