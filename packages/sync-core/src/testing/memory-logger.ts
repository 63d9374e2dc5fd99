import type { Logger } from '../ports.js';

/** A `Logger` that keeps records in memory instead of printing them. */
export interface MemoryLogger extends Logger {
  readonly records: readonly {
    readonly level: 'debug' | 'info' | 'warn' | 'error';
    readonly message: string;
    readonly fields?: Record<string, unknown>;
  }[];
}

/** @example const logger = createMemoryLogger(); */
export function createMemoryLogger(): MemoryLogger {
  const records: {
    level: 'debug' | 'info' | 'warn' | 'error';
    message: string;
    fields?: Record<string, unknown>;
  }[] = [];
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      records.push(fields === undefined ? { level, message } : { level, message, fields });
    };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
