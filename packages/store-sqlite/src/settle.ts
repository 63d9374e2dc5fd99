/**
 * Runs synchronous better-sqlite3 work behind the ports' async shape. A thrown database error (a busy
 * timeout, a full disk) becomes a rejected promise instead of escaping synchronously from a method that
 * callers `await`.
 */
export const settle = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));
