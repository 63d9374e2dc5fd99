import type { Clock } from '@odoo-plane-sync/sync-core';

/** The wall clock and a real timer: the agent's default {@link Clock}. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
