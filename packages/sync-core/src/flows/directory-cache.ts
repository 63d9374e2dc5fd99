import type { Clock } from '../ports.js';

/** How long looked-up states, labels and members are trusted before they are read again. */
export const cacheTtlMs = 5 * 60_000;

/** A value read from Plane, with when it was read. */
export interface Cached<T> {
  readonly at: number;
  readonly value: T;
}

/** Whether a cached value is still within `cacheTtlMs` on the injected clock. */
export function freshWithin(clock: Clock): <T>(entry: Cached<T> | undefined) => entry is Cached<T> {
  return <T>(entry: Cached<T> | undefined): entry is Cached<T> =>
    entry !== undefined && clock.now() - entry.at < cacheTtlMs;
}
