/** A failure to inject into the next matching call. */
export type OdooFault =
  | { readonly error: string; readonly message?: string }
  | { readonly httpStatus: number; readonly body?: string }
  | { readonly networkError: true }
  | { readonly delayMs: number };

/** Which calls a fault applies to; an omitted member matches anything. */
export interface OdooFaultPattern {
  readonly model?: string;
  readonly method?: string;
  readonly transport?: 'jsonrpc' | 'json2';
}

/** Queued faults, consumed by the transports before a call runs (so a faulted call changes nothing). */
export interface OdooFaultInjector {
  /** Makes the next `count` (default 1) matching calls fail with `fault`. */
  next(pattern: OdooFaultPattern, fault: OdooFault, count?: number): void;
  clear(): void;
  /** Takes the first queued fault matching this call, if any. */
  take(call: {
    readonly model?: string;
    readonly method: string;
    readonly transport: 'jsonrpc' | 'json2';
  }): OdooFault | undefined;
}

/**
 * Creates an empty fault queue.
 *
 * @example
 * const faults = createFaultInjector();
 * faults.next({ model: 'project.task', method: 'write' }, { error: 'psycopg2.errors.SerializationFailure' });
 */
export function createFaultInjector(): OdooFaultInjector {
  const queue: { pattern: OdooFaultPattern; fault: OdooFault; remaining: number }[] = [];
  return {
    next: (pattern, fault, count = 1) => {
      if (count > 0) queue.push({ pattern, fault, remaining: count });
    },
    clear: () => {
      queue.length = 0;
    },
    take: (call) => {
      const index = queue.findIndex(
        ({ pattern }) =>
          (pattern.model === undefined || pattern.model === call.model) &&
          (pattern.method === undefined || pattern.method === call.method) &&
          (pattern.transport === undefined || pattern.transport === call.transport),
      );
      const entry = queue[index];
      if (entry === undefined) return undefined;
      entry.remaining -= 1;
      if (entry.remaining <= 0) queue.splice(index, 1);
      return entry.fault;
    },
  };
}

/** Default message of an injected error, shaped like the real one where it is known. */
export function defaultFaultMessage(error: string): string {
  if (error.endsWith('SerializationFailure'))
    return 'could not serialize access due to concurrent update';
  if (error.endsWith('LockNotAvailable'))
    return 'could not obtain lock on row in relation "project_task"';
  if (error.endsWith('AccessDenied')) return 'Access Denied';
  return `Injected ${error.split('.').pop() ?? 'error'}`;
}
