/** A repeating task that can be stopped. */
export interface Repeater {
  /** Stops scheduling; a run in progress finishes. Resolves when it has. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` after `start` settles, waiting for each run to finish before scheduling
 * the next one (so a slow poll never overlaps itself). A failed run is reported to `onError` and the
 * schedule goes on.
 *
 * @example
 * const poller = repeatAfter(backfill, 60_000, () => agent.pollNow(), (error) => logger.error(…));
 * await poller.stop();
 */
export function repeatAfter(
  start: Promise<unknown>,
  intervalMs: number,
  task: () => Promise<unknown>,
  onError: (error: unknown) => void,
): Repeater {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = task().catch(onError).finally(schedule);
    }, intervalMs);
  };
  void start.finally(schedule);
  return {
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await current;
    },
  };
}
