// The sliding window's arithmetic, as pure functions over the stamps a limiter keeps.

/**
 * One request counted in the window, at the time it was sent. Mutable on purpose: settling its slot
 * re-stamps it at the answer's arrival, and the limiter tells its probe by identity.
 */
export interface Stamp {
  at: number;
}

/**
 * The stamps still inside the window at `now`. DRF drops history entries with
 * `entry <= now - duration`, so a slot is free again exactly one window after its stamp.
 */
export function stampsInWindow(stamps: readonly Stamp[], now: number, windowMs: number): Stamp[] {
  return stamps.filter((stamp) => stamp.at > now - windowMs);
}

/**
 * Folds in Plane's `X-RateLimit-Remaining`: when Plane counts more requests than `stamps` holds, another
 * client uses the same key, and the difference is added as spent at `now`. A count at or above Plane's
 * is kept as it is.
 */
export function stampsAfterServerReport(
  stamps: readonly Stamp[],
  report: { readonly requests: number; readonly remaining: number; readonly now: number },
): Stamp[] {
  const counted = [...stamps];
  const serverUsed = report.requests - Math.max(0, report.remaining);
  for (let extra = serverUsed - counted.length; extra > 0; extra -= 1)
    counted.push({ at: report.now });
  return counted;
}

/** How long from `now` until the oldest stamp leaves the window and frees a slot. */
export function msUntilOldestLeaves(
  stamps: readonly Stamp[],
  windowMs: number,
  now: number,
): number {
  const oldest = Math.min(...stamps.map((stamp) => stamp.at));
  return oldest + windowMs - now;
}
