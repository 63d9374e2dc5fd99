/** What an injected fault does to a matching request. */
export type PlaneFault =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Record<string, string>;
      /**
       * Request headers copied into the (object) body under `request_headers`, as a misconfigured proxy or
       * debug middleware in front of Plane did when it echoed the `X-Api-Key` in a 400 (issue 11.5).
       */
      readonly echoRequestHeaders?: readonly string[];
    }
  | { readonly timeout: true }
  | { readonly delayMs: number }
  /** The connection is reset before Plane sees the request: nothing is applied, the client gets a network error. */
  | { readonly connectionReset: true }
  /**
   * Plane applies the request but the answer never arrives (a client timeout or a reset after the write): the
   * client gets a network error although the change is in Plane.
   */
  | { readonly answerLost: true };

/** Which requests a fault applies to: the method (any when absent) and the URL path (a substring or a RegExp). */
export interface PlaneFaultPattern {
  readonly method?: string;
  readonly path: RegExp | string;
}

/** Fault injection for tests: the next N matching requests fail, hang or are delayed. */
export interface PlaneFaults {
  /** The next `count` (default 1) requests matching `pattern` get `fault` instead of their normal answer. */
  next(pattern: PlaneFaultPattern, fault: PlaneFault, count?: number): void;
  /** Forgets every pending fault and lets requests held by `{ timeout: true }` fail as network errors. */
  clear(): void;
}

interface Rule {
  readonly pattern: PlaneFaultPattern;
  readonly fault: PlaneFault;
  remaining: number;
}

/** The internal side of {@link PlaneFaults}: the simulator asks it about every request. */
export interface PlaneFaultRegistry extends PlaneFaults {
  take(method: string, path: string): PlaneFault | undefined;
  /** A promise that settles when `clear()` is called (releases hanging requests). */
  cleared(): Promise<void>;
}

/**
 * Creates the fault registry. Rules are consulted in the order they were added; each match uses one of
 * the rule's `count`.
 *
 * @example
 * simulator.faults.next({ method: 'GET', path: '/work-items/' }, { status: 503 }, 2);
 */
export function createPlaneFaults(): PlaneFaultRegistry {
  let rules: Rule[] = [];
  let release: () => void = () => undefined;
  let clearedPromise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    next: (pattern, fault, count = 1) => {
      rules.push({ pattern, fault, remaining: count });
    },
    clear: () => {
      rules = [];
      release();
      clearedPromise = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    take: (method, path) => {
      const rule = rules.find(
        ({ pattern }) =>
          (pattern.method === undefined || pattern.method.toUpperCase() === method.toUpperCase()) &&
          (typeof pattern.path === 'string'
            ? path.includes(pattern.path)
            : pattern.path.test(path)),
      );
      if (rule === undefined) return undefined;
      rule.remaining -= 1;
      if (rule.remaining <= 0) rules = rules.filter((candidate) => candidate !== rule);
      return rule.fault;
    },
    cleared: () => clearedPromise,
  };
}
