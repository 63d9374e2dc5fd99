// ── shared helpers ─────────────────────────────────────────────────────────────
export { createFakeClock } from './fake-clock.js';
export type { FakeClock, FakeClockOptions } from './fake-clock.js';
export { createTestServer } from './test-server.js';
export type {
  TestServer,
  TestServerCall,
  TestServerOptions,
  TestServerResponse,
  TestServerRoute,
} from './test-server.js';
export { serveHandlers } from './http/serve-handlers.js';
export type { ServedHandlers, ServeHandlersOptions } from './http/serve-handlers.js';

// ── Plane simulator (src/plane/) ───────────────────────────────────────────────
export { createPlaneSimulator } from './plane/simulator.js';
export type {
  PlaneSimulator,
  PlaneSimulatorOptions,
  PlaneUserInput,
  PlaneWebhookInput,
} from './plane/simulator.js';
export type { PlaneFault, PlaneFaultPattern, PlaneFaults } from './plane/faults.js';
export type { PlaneWebhookDelivery, PlaneWebhookEvent } from './plane/webhooks.js';
export { pythonJson } from './plane/python-json.js';
export type { PythonJsonOptions } from './plane/python-json.js';

// ── Odoo simulator (src/odoo/) ─────────────────────────────────────────────────

// ── port contract suites (src/contracts/) ─────────────────────────────────────
