export { createInMemoryMappingStore } from './in-memory-mapping-store.js';
export { createInMemoryEventLedger } from './in-memory-event-ledger.js';
export { createRecordingNotifier } from './recording-notifier.js';
export type { RecordingNotifier } from './recording-notifier.js';
export { createMemoryLogger } from './memory-logger.js';
export type { MemoryLogger } from './memory-logger.js';
