import type { Clock, Logger } from '@odoo-plane-sync/sync-core';
import { repeatAfter, type Repeater } from './repeat-after.js';
import { scheduleSlotOf, type ScheduleClaims } from './schedule-claims.js';

/** The agent's schedules, by the name their claims are kept under. */
export type AgentScheduleName = 'inbox-retry' | 'inbox-prune' | 'odoo-poll' | 'reconcile';

/** One schedule: how often, and what it runs. `intervalMs` 0 turns it off. */
export interface AgentSchedule {
  readonly intervalMs: number;
  readonly run: () => Promise<unknown>;
}

/** The agent's schedules, each tick claimed before it runs. */
export interface AgentSchedules {
  /**
   * One tick of `name` now, as its timer runs it: claims the tick's slot and runs the task if this
   * worker won it. Resolves true when it ran here, false when another worker (or an earlier tick of this
   * one) has the slot, or the schedule is off.
   */
  readonly runTick: (name: AgentScheduleName) => Promise<boolean>;
  /** Starts every timer once `after` settles. */
  readonly start: (after: Promise<unknown>) => void;
  /** Stops the timers; a tick in progress finishes. */
  readonly stop: () => Promise<void>;
}

/**
 * Timers for the agent's schedules. Every worker keeps its own timers; a tick first claims its slot
 * (`floor(now / interval)`) in `claims`, so with claims shared by a fleet each slot runs on one worker.
 */
export function createAgentSchedules(parts: {
  readonly schedules: Readonly<Record<AgentScheduleName, AgentSchedule>>;
  readonly claims: ScheduleClaims;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
}): AgentSchedules {
  const { schedules, claims, clock, logger } = parts;
  let repeaters: Repeater[] = [];
  const runTick = async (name: AgentScheduleName): Promise<boolean> => {
    const schedule = schedules[name];
    if (schedule.intervalMs <= 0) return false;
    if (!(await claims.claim(name, scheduleSlotOf(clock.now(), schedule.intervalMs)))) return false;
    await schedule.run();
    return true;
  };
  const logCrash = (name: string) => (error: unknown) =>
    logger.error(`${name} crashed`, { error: error instanceof Error ? error.message : 'unknown' });
  return {
    runTick,
    start: (after) => {
      repeaters = (Object.keys(schedules) as AgentScheduleName[])
        .filter((name) => schedules[name].intervalMs > 0)
        .map((name) =>
          repeatAfter(after, schedules[name].intervalMs, () => runTick(name), logCrash(name)),
        );
    },
    stop: async () => {
      await Promise.all(repeaters.map((repeater) => repeater.stop()));
    },
  };
}
