/** The time source the simulator runs on: the shared `Clock` shape (epoch milliseconds). */
export interface PlaneClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Formats an instant the way Django REST framework does: ISO 8601 in UTC with a `Z`, microseconds
 * when they are not zero (`2026-11-26T09:01:30.056666Z`), none when they are (`2026-01-31T23:59:00Z`).
 */
export function formatInstant(epochMicros: number): string {
  const millis = Math.floor(epochMicros / 1000);
  const micros = epochMicros - millis * 1000 + (millis % 1000) * 1000;
  const base = new Date(millis - (millis % 1000)).toISOString().slice(0, 19);
  return micros === 0 ? `${base}Z` : `${base}.${String(micros).padStart(6, '0')}Z`;
}

/** The `YYYY-MM-DD` calendar date of an instant, in UTC. */
export function dateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * Hands out strictly increasing microsecond timestamps on top of a millisecond clock, so two writes in
 * the same simulated millisecond still order (Plane lists sort by `created_at`).
 */
export function createMicroTimestamps(clock: PlaneClock): () => string {
  let last = 0;
  return () => {
    last = Math.max(clock.now() * 1000, last + 1);
    return formatInstant(last);
  };
}
