import { describeWorkQueueContract } from '@odoo-plane-sync/testkit';
import { describe } from 'vitest';
import { createPgBossWorkQueue, type PgBossWorkQueue } from './pgboss-work-queue.js';
import { databaseSkipReason, useTestSchema } from './test-database.js';

const skipReason = await databaseSkipReason('the pg-boss WorkQueue contract');

describe.skipIf(skipReason !== null)('createPgBossWorkQueue on Postgres', () => {
  const connection = useTestSchema();
  let queueNumber = 0;

  // `concurrency` workers as that many instances of one worker each, sharing one queue; the first
  // instance is the one the suite enqueues through.
  describeWorkQueueContract('pg-boss, one worker per instance', async ({ run, concurrency }) => {
    queueNumber += 1;
    const common = {
      connection: connection(),
      queueName: `contract-${queueNumber}`,
      retry: { limit: 1, delaySeconds: 0, backoff: false },
      pollingIntervalSeconds: 0.5,
    };
    const instances: PgBossWorkQueue[] = [];
    for (let worker = 0; worker < concurrency; worker += 1) {
      instances.push(await createPgBossWorkQueue({ ...common, run, concurrency: 1 }));
    }
    const [front] = instances;
    if (front === undefined) throw new Error('the contract asks for at least one worker');
    const sends: Promise<unknown>[] = [];
    return {
      queue: {
        enqueue: (job, options) => {
          const sent = front.enqueue(job, options);
          sends.push(sent);
          return sent;
        },
        size: () => front.size(),
        onIdle: () => front.onIdle(),
      },
      accepted: async () => {
        await Promise.all(sends);
      },
      close: async () => {
        for (const instance of instances) await instance.stop({ graceful: false });
      },
    };
  });
});
