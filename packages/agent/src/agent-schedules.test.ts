import { describe, expect, it } from 'vitest';
import { createFakeClock } from '@odoo-plane-sync/testkit';
import { createAgentSchedules, type AgentSchedule } from './agent-schedules.js';
import { createJsonLogger } from './json-logger.js';
import { createInProcessScheduleClaims } from './schedule-claims.js';

const minute = 60_000;
const off: AgentSchedule = { intervalMs: 0, run: () => Promise.resolve() };

describe('createAgentSchedules', () => {
  it('runs a tick once across two workers sharing the claims, and again in the next slot', async () => {
    const clock = createFakeClock({ autoAdvance: false });
    const claims = createInProcessScheduleClaims();
    const runs: string[] = [];
    const worker = (name: string) =>
      createAgentSchedules({
        claims,
        clock,
        logger: createJsonLogger({ write: () => undefined }),
        schedules: {
          'inbox-retry': off,
          'inbox-prune': off,
          'odoo-poll': off,
          reconcile: {
            intervalMs: minute,
            run: () => {
              runs.push(name);
              return Promise.resolve();
            },
          },
        },
      });
    const [first, second] = [worker('first'), worker('second')];

    const firstTick = await Promise.all([first.runTick('reconcile'), second.runTick('reconcile')]);
    await clock.advance(minute / 2);
    const sameSlot = await Promise.all([second.runTick('reconcile'), first.runTick('reconcile')]);
    await clock.advance(minute);
    const nextSlot = await Promise.all([second.runTick('reconcile'), first.runTick('reconcile')]);

    expect(firstTick.filter(Boolean)).toHaveLength(1);
    expect(sameSlot).toEqual([false, false]);
    expect(nextSlot.filter(Boolean)).toHaveLength(1);
    expect(runs).toHaveLength(2);
  });

  it('never runs a schedule that is off', async () => {
    const schedules = createAgentSchedules({
      claims: createInProcessScheduleClaims(),
      clock: createFakeClock(),
      logger: createJsonLogger({ write: () => undefined }),
      schedules: { 'inbox-retry': off, 'inbox-prune': off, 'odoo-poll': off, reconcile: off },
    });

    expect(await schedules.runTick('odoo-poll')).toBe(false);
  });
});
