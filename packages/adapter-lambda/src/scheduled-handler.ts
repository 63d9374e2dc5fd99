import type { EventBridgeEvent } from 'aws-lambda';
import type { Logger, NotificationOutbox } from '@odoo-plane-sync/sync-core';

/** Options of {@link createScheduledHandler}. */
export interface ScheduledHandlerOptions {
  /**
   * The work a schedule may run, by name (e.g. `reconcile`, `poll-odoo`). A task fails when it throws or
   * resolves to an `Err` (anything with `isErr()` returning true).
   */
  readonly tasks: Readonly<Record<string, () => Promise<unknown>>>;
  readonly logger?: Pick<Logger, 'info' | 'error'>;
  /**
   * Awaited before the invocation returns, also when it fails: Lambda freezes the environment once the
   * handler's promise settles, so alerts still queued (a Slack post beside the sync) would wait, or be
   * lost, until a later invocation thaws it. Pass `engine.notifications`, or `{ settled:
   * agent.notificationsSettled }`; the outbox bounds the wait by its timeout and retries, then gives up
   * (logged).
   */
  readonly notifications?: Pick<NotificationOutbox, 'settled'>;
}

/** What a scheduled invocation did. */
export interface ScheduledRunReport {
  readonly ran: readonly string[];
  readonly failed: readonly string[];
}

/**
 * A Lambda handler for EventBridge schedules. The event's `detail.tasks` (set through the rule's input)
 * names the tasks to run; without it every task runs. Tasks run one after another; when any failed the
 * invocation fails (so Lambda's error metric and retry policy see it) after all have run.
 *
 * @example
 * export const handler = createScheduledHandler({
 *   tasks: { reconcile: () => reconciler.run(), 'poll-odoo': () => poller.poll() },
 * });
 */
export function createScheduledHandler(
  options: ScheduledHandlerOptions,
): (event: EventBridgeEvent<string, unknown>) => Promise<ScheduledRunReport> {
  return async (event) => {
    const requested = requestedTasks(event.detail);
    const names = requested ?? Object.keys(options.tasks);
    const unknown = names.filter((name) => options.tasks[name] === undefined);
    if (unknown.length > 0) throw new Error(`Unknown scheduled task(s): ${unknown.join(', ')}`);
    const failed: string[] = [];
    for (const name of names) {
      try {
        const result = await options.tasks[name]!();
        if (isErr(result)) failed.push(name);
      } catch (error) {
        options.logger?.error('scheduled task threw', { task: name, error: String(error) });
        failed.push(name);
      }
    }
    // Failure alerts are the ones that matter most: delivered (or given up) before the invocation fails.
    await options.notifications?.settled();
    options.logger?.info('scheduled run finished', { ran: names, failed });
    if (failed.length > 0) throw new Error(`Scheduled task(s) failed: ${failed.join(', ')}`);
    return { ran: names, failed };
  };
}

function requestedTasks(detail: unknown): string[] | undefined {
  if (typeof detail !== 'object' || detail === null) return undefined;
  const tasks = (detail as { tasks?: unknown }).tasks;
  return Array.isArray(tasks) && tasks.every((task) => typeof task === 'string')
    ? tasks
    : undefined;
}

function isErr(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { isErr?: unknown }).isErr === 'function' &&
    (value as { isErr: () => unknown }).isErr() === true
  );
}
