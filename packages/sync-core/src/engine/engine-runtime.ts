import type { SyncConfig } from '../config.js';
import type { SyncEngineDeps } from '../engine.js';
import { createPlaneDirectory } from '../flows/plane-directory.js';
import { createNotifyOnce } from '../flows/notify-once.js';
import { readingShipSignalFields } from '../flows/task/reading-ship-signal-fields.js';
import {
  createNotificationOutbox,
  type NotificationOutbox,
} from '../notifiers/notification-outbox.js';
import { redactOutboundPorts } from '../redaction/redacting-ports.js';
import { createSecretRedactor, type SecretRedactor } from '../redaction/secret-redactor.js';
import { createEngineStart, type EngineStart } from './engine-start.js';
import type { EscalationDeps } from './escalate-failure.js';
import { createEventRunner, type RunEvent } from './run-event.js';
import type { RetryDeps } from './run-with-retries.js';
import { createSerialQueue, type SerialQueue } from './serial-queue.js';

/** What one engine's operations run on, built once per engine from the host's deps and the parsed config. */
export interface EngineRuntime {
  readonly config: SyncConfig;
  /** The host's ports behind the secret boundary, with notifications queued and ship fields read. */
  readonly deps: SyncEngineDeps;
  readonly redact: SecretRedactor;
  readonly notifications: NotificationOutbox;
  readonly engineStart: EngineStart;
  readonly serial: SerialQueue;
  readonly runEvent: RunEvent;
  readonly escalation: EscalationDeps;
  readonly retry: RetryDeps;
}

/** Wires one engine: redaction, notification delivery, start-up, the directory, the event runner. */
export function createEngineRuntime(input: SyncEngineDeps, config: SyncConfig): EngineRuntime {
  // One boundary for secrets, and notifications off the sync's path: every step below sees only these.
  const redact = createSecretRedactor(input.secrets ?? []);
  const redacted = redactOutboundPorts(input, redact);
  const notifications = createNotificationOutbox(redacted, input.notificationDelivery);
  // Every task read also reads the ship signal's fields, known once start() has detected them.
  const deps: SyncEngineDeps = {
    ...redacted,
    notifier: notifications,
    odoo: readingShipSignalFields(input.odoo, () => engineStart.detected()?.shipFields ?? []),
  };
  const engineStart = createEngineStart({ ...deps, config });
  const directory = createPlaneDirectory({
    plane: deps.plane,
    odoo: deps.odoo,
    clock: deps.clock,
    config,
  });
  const serial = createSerialQueue();
  // Entities whose running attempt follows an Odoo webhook and would be re-read after a not-found.
  const awaitingCommit = new Set<string>();
  const runEvent = createEventRunner({
    scope: {
      ...deps,
      config,
      directory,
      notifyOnce: createNotifyOnce(deps.notifier),
      pendingRecordedHere: new Map<string, number>(),
    },
    start: engineStart.start,
    serial,
    redact,
    randomId: deps.randomId ?? (() => crypto.randomUUID()),
    awaitingCommit,
  });
  const escalation = {
    failures: deps.failures,
    notifier: deps.notifier,
    ledger: deps.ledger,
    clock: deps.clock,
    plane: deps.plane,
    opsPlaneProjectId: config.ops.planeProjectId,
  };
  const retry: RetryDeps = {
    config,
    clock: deps.clock,
    logger: deps.logger,
    escalation,
    random: deps.random ?? (() => 0.5),
    awaitingCommit,
  };
  return { config, deps, redact, notifications, engineStart, serial, runEvent, escalation, retry };
}
