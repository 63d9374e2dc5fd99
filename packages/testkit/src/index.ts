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
export { startSilentEndpoint } from './http/silent-endpoint.js';
export type { SilentConnection, SilentEndpoint } from './http/silent-endpoint.js';

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
export type { PlaneClock } from './plane/timestamps.js';

// ── Odoo simulator (src/odoo/) ─────────────────────────────────────────────────
export { createOdooSimulator } from './odoo/odoo-simulator.js';
export type {
  OdooSimulator,
  OdooSimulatorOptions,
  OdooWebhookRule,
} from './odoo/odoo-simulator.js';
export { OdooServerError } from './odoo/errors.js';
export type { OdooUserRights } from './odoo/access-rules.js';
export type { OdooFault, OdooFaultPattern } from './odoo/faults.js';
export type {
  CustomFieldDefinition,
  CustomFields,
  OdooEdition,
  OdooVersion,
} from './odoo/field-definitions.js';
export type { OdooWebhookDelivery, WebhookTrigger } from './odoo/webhooks.js';
export { WEBHOOK_REPEATS } from './odoo/webhooks.js';

// ── port contract suites (src/contracts/) ─────────────────────────────────────
export { describeMappingStoreContract } from './contracts/mapping-store-contract.js';
export type {
  MappingStoreContractContext,
  MappingStoreFactory,
} from './contracts/mapping-store-contract.js';
export { describeEventLedgerContract } from './contracts/event-ledger-contract.js';
export { describeInboxContract } from './contracts/inbox-contract.js';
export { describeFailureTrackerContract } from './contracts/failure-tracker-contract.js';
export { describeSyncStateStoreContract } from './contracts/sync-state-store-contract.js';
export { describeWorkQueueContract } from './contracts/work-queue-contract.js';
export type {
  WorkQueueContractContext,
  WorkQueueContractFactory,
  WorkQueueContractSubject,
} from './contracts/work-queue-contract.js';
export type { ContractSubject, ContractSubjectFactory } from './contracts/contract-subject.js';
export { describeStoreModelProperties } from './contracts/store-model-properties.js';
export type {
  StoreModelContext,
  StoreModelStores,
  StoreModelSubject,
} from './contracts/store-model-properties.js';

// ── Postgres for the suites that need one ─────────────────────────────────────
export { postgresSkipReason, testPostgresUrl, uniqueSchemaName } from './postgres-test-database.js';
