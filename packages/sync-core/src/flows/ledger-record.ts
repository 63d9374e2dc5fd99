import type { LedgerEntry } from '../ports.js';
import type { FlowContext } from './flow-context.js';

/** Appends a ledger entry of this event. */
export async function record(
  context: Pick<FlowContext<unknown, unknown>, 'ledger' | 'clock' | 'correlationId' | 'cause'>,
  entry: Omit<LedgerEntry, 'correlationId' | 'at' | 'cause'>,
): Promise<void> {
  await context.ledger.append({
    ...entry,
    correlationId: context.correlationId,
    at: context.clock.now(),
    cause: context.cause,
  });
}
