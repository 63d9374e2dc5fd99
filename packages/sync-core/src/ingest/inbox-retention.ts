/** How long processed inbox events are kept, and how often the processor prunes them. */
export interface InboxRetention {
  /** Age (since completion) after which a `done` event is deleted. Default 7 days. */
  readonly processedEventsMs: number;
  /** Minimum time between two prunes (a drain prunes when this much time has passed). Default 1 hour. */
  readonly pruneEveryMs: number;
}

/** Default retention: processed events are kept 7 days, pruned at most once an hour. */
export const defaultInboxRetention: InboxRetention = {
  processedEventsMs: 7 * 24 * 60 * 60_000,
  pruneEveryMs: 60 * 60_000,
};
