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
