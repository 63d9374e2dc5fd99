// `npm run bench:fleet -w @odoo-plane-sync/example-express-server`: the fleet run at full size (5,000 Odoo
// webhook deliveries for 500 tasks, 3 workers, one SIGKILLed mid-run) on a database of its own; prints
// the figures and the oracles' counts. FLEET_ENTITIES changes the size (10 events per entity).
import { createTestDatabase } from '../src/test-postgres.js';
import { runFleet } from '../src/fleet/fleet-run.js';

const entities = Number(process.env.FLEET_ENTITIES ?? 500);
const database = await createTestDatabase('fleet_bench');
try {
  const report = await runFleet({
    databaseUrl: database.url,
    entities,
    writesPerEntity: 3,
    workers: 3,
    withinMs: 20 * 60_000,
  });
  console.log(
    [
      `fleet: ${report.events} events (${report.inboxEvents} inbox events) for ${entities} entities, 3 workers, 1 SIGKILLed`,
      `  ${report.seconds.toFixed(1)} s, ${report.eventsPerSecond} events/s, worst per-entity lag ${(report.worstLagMs / 1000).toFixed(1)} s`,
      `  duplicates ${report.duplicates}, out of order ${report.outOfOrder}, lost ${report.lost}, unaccounted ${report.unaccounted} (Plane name writes ${report.planeNameWrites})`,
    ].join('\n'),
  );
} finally {
  await database.drop();
}
