import type { Logger } from '@odoo-plane-sync/sync-core';

/** A log entry's level, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Entries below this level are dropped. Default `info`. */
  readonly level?: LogLevel;
  /** Where each line goes. Default: stderr for `warn` and `error`, stdout for the rest. */
  readonly write?: (level: LogLevel, line: string) => void;
  /** Stamps each line's `time`; default the system clock. */
  readonly now?: () => number;
}

const standardStreams = (level: LogLevel, line: string): void => {
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
};

/**
 * The agent's default logger: one JSON object per line (`time`, `level`, `message` and the fields), which
 * log collectors such as CloudWatch or Loki index as they are. Callers never pass secrets (see the `Logger`
 * port), so nothing is redacted here.
 *
 * @example
 * const logger = createJsonLogger({ level: 'debug' });
 * logger.info('poll done', { changed: 3 });
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = rank[options.level ?? 'info'];
  const write = options.write ?? standardStreams;
  const now = options.now ?? Date.now;
  const entry =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      if (rank[level] < threshold) return;
      write(level, safeJson({ time: new Date(now()).toISOString(), level, message, ...fields }));
    };
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}

function safeJson(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry);
  } catch {
    return JSON.stringify({ time: entry.time, level: entry.level, message: entry.message });
  }
}
