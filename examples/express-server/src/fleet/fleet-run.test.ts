import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres } from '../test-postgres.js';
import { runFleet } from './fleet-run.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// The full 5,000 events for 500 entities is `npm run bench:fleet`; CI runs the same fleet smaller.
const entities = Number(process.env.FLEET_ENTITIES ?? 60);

describeWithPostgres('a fleet of 3 example servers on one Postgres', () => {
  it('loses nothing, duplicates nothing and keeps each entity in order when a worker is SIGKILLed', async () => {
    const database = await createTestDatabase('fleet');
    cleanups.push(() => database.drop());

    const report = await runFleet({
      databaseUrl: database.url,
      entities,
      writesPerEntity: 3,
      workers: 3,
      withinMs: 240_000,
    });
    process.stdout.write(`fleet run: ${JSON.stringify(report)}\n`);

    expect(report.events).toBe(entities * 10);
    expect(report).toMatchObject({ duplicates: 0, outOfOrder: 0, lost: 0, unaccounted: 0 });
  }, 420_000);
});
