/**
 * Which worker runs a schedule's tick. Every worker ticks on its own timer; before it runs, it claims the
 * tick's slot (`floor(now / interval)`), and only the one claim that wins a slot runs it, so a fleet
 * polls, reconciles, retries and prunes once per interval, not once per worker. A worker that dies
 * mid-run loses that slot's run; the next slot runs as usual (every scheduled task is a repeatable sweep).
 */
export interface ScheduleClaims {
  /**
   * Claims `slot` of `schedule`: true for exactly one caller across every worker sharing these claims,
   * false for every later claim of that slot or of an earlier one. Slots are whole numbers.
   */
  claim(schedule: string, slot: number): Promise<boolean>;
}

/**
 * The in-process twin of {@link ScheduleClaims}: right for one process (SQLite), and for tests.
 * `createPostgresScheduleClaims` (store-postgres) is the one shared by a fleet.
 *
 * @example
 * const claims = createInProcessScheduleClaims();
 * await claims.claim('odoo-poll', 29_000_000); // true
 * await claims.claim('odoo-poll', 29_000_000); // false
 */
export function createInProcessScheduleClaims(): ScheduleClaims {
  const lastSlots = new Map<string, number>();
  return {
    claim: (schedule, slot) => {
      const last = lastSlots.get(schedule);
      if (last !== undefined && last >= slot) return Promise.resolve(false);
      lastSlots.set(schedule, slot);
      return Promise.resolve(true);
    },
  };
}

/** The slot of a tick at `nowMs` on a schedule of `intervalMs`. */
export function scheduleSlotOf(nowMs: number, intervalMs: number): number {
  return Math.floor(nowMs / intervalMs);
}
