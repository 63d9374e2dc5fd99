import { afterEach, beforeEach } from 'vitest';

/**
 * One implementation under test: the port itself and, when it holds resources (a database connection,
 * a temporary file), the way to release them after each test.
 */
export interface ContractSubject<Port> {
  readonly store: Port;
  close?(): Promise<void>;
}

/** Builds a fresh, empty implementation for one test. */
export type ContractSubjectFactory<Port> = () => Promise<ContractSubject<Port>>;

/**
 * Registers `beforeEach`/`afterEach` hooks so that every test of a contract suite gets its own empty
 * store, closed afterwards. Call it inside a `describe` block; the returned getter is valid inside `it`.
 */
export function useContractSubject<Port>(make: ContractSubjectFactory<Port>): () => Port {
  let current: ContractSubject<Port> | undefined;
  beforeEach(async () => {
    current = await make();
  });
  afterEach(async () => {
    const closing = current;
    current = undefined;
    await closing?.close?.();
  });
  return () => {
    // A getter called outside a test means the suite itself is wired wrongly.
    if (current === undefined)
      throw new Error('The contract subject is only available inside a test.');
    return current.store;
  };
}
