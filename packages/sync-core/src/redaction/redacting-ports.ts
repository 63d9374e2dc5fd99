import type { EventLedger, FailureTracker, Logger, Notifier, SyncStateStore } from '../ports.js';
import type { SecretRedactor } from './secret-redactor.js';

/** The ports through which anything the engine knows leaves it to be stored, logged or told. */
export interface OutboundPorts {
  readonly ledger: EventLedger;
  readonly logger: Logger;
  readonly failures: FailureTracker;
  readonly notifier: Notifier;
  readonly syncState: SyncStateStore;
}

/**
 * A logger that redacts the message and the fields before passing them on. Hosts wrap their own logger
 * with it too, so lines written outside the engine (poller, HTTP layer) follow the same rule.
 *
 * @example
 * const logger = createRedactingLogger(createConsoleLogger('info'), createSecretRedactor(secrets));
 */
export function createRedactingLogger(logger: Logger, redact: SecretRedactor): Logger {
  const wrap =
    (write: Logger['info']): Logger['info'] =>
    (message, fields) =>
      fields === undefined ? write(redact(message)) : write(redact(message), redact(fields));
  return {
    debug: wrap((message, fields) => logger.debug(message, fields)),
    info: wrap((message, fields) => logger.info(message, fields)),
    warn: wrap((message, fields) => logger.warn(message, fields)),
    error: wrap((message, fields) => logger.error(message, fields)),
  };
}

/**
 * The engine's one redaction boundary: wraps every outbound port so that each ledger entry, log line,
 * failure cause, notification and sync-state value is redacted on its way out. Reads pass through.
 * The mapping store is not wrapped: it holds field values and ids, never request details.
 */
export function redactOutboundPorts<T extends OutboundPorts>(ports: T, redact: SecretRedactor): T {
  const { ledger, failures, notifier, syncState } = ports;
  return {
    ...ports,
    logger: createRedactingLogger(ports.logger, redact),
    ledger: {
      append: (entry) => ledger.append(redact(entry)),
      list: (filter) => ledger.list(filter),
    },
    failures: {
      recordFailure: (entityKey, cause, at) =>
        failures.recordFailure(redact(entityKey), redact(cause), at),
      recordSuccess: (entityKey) => failures.recordSuccess(redact(entityKey)),
      markAlerted: (entityKey, at) => failures.markAlerted(redact(entityKey), at),
      listOpen: () => failures.listOpen(),
    },
    notifier: {
      notify: (notification, options) => notifier.notify(redact(notification), options),
    },
    syncState: {
      get: (name) => syncState.get(name),
      put: (name, value) => syncState.put(name, redact(value)),
    },
  };
}
