import { createServer, type AddressInfo, type Socket } from 'node:net';

/** One TCP connection a {@link SilentEndpoint} accepted. */
export interface SilentConnection {
  /** Everything the client sent so far. */
  readonly received: string;
  /** Whether the client has closed it (an aborted request, for example). */
  readonly closed: boolean;
}

/** A loopback endpoint that accepts connections, reads what arrives and never answers. */
export interface SilentEndpoint {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly connections: readonly SilentConnection[];
  /** Resolves once `count` requests have arrived with a body ending in `bodyEnd` (default `}`). */
  requestsReceived(count: number, bodyEnd?: string): Promise<void>;
  /** Resolves once the client has closed `count` connections. */
  closedByClient(count: number): Promise<void>;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts an endpoint that never answers, like the Slack webhook of issue 11.3 that accepted the post and
 * stayed silent. The waits re-check on socket events only: no timers.
 *
 * @example
 * const slack = await startSilentEndpoint();
 * const notifier = createSlackNotifier({ webhookUrl: `${slack.url}/services/T/B/x`, fetch });
 * await slack.requestsReceived(1);
 */
export async function startSilentEndpoint(): Promise<SilentEndpoint> {
  const connections: { socket: Socket; received: string; closed: boolean }[] = [];
  const watchers: (() => void)[] = [];
  const changed = (): void => {
    for (const watcher of watchers.splice(0)) watcher();
  };
  const server = createServer((socket) => {
    const connection = { socket, received: '', closed: false };
    connections.push(connection);
    socket.on('data', (chunk: Buffer) => {
      connection.received += chunk.toString();
      changed();
    });
    socket.on('close', () => {
      connection.closed = true;
      changed();
    });
    // A client that aborts resets the connection; that is expected here.
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const when = async (condition: () => boolean): Promise<void> => {
    while (!condition()) await new Promise<void>((resolve) => watchers.push(resolve));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    requestsReceived: (count, bodyEnd = '}') =>
      when(
        () =>
          connections.filter((connection) => connection.received.trimEnd().endsWith(bodyEnd))
            .length >= count,
      ),
    closedByClient: (count) =>
      when(() => connections.filter((connection) => connection.closed).length >= count),
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
