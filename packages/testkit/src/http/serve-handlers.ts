import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** A simulator served over real HTTP on loopback. */
export interface ServedHandlers {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ServeHandlersOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Loopback only by default. */
  readonly host?: string;
  /**
   * The origin the handlers were built for (for example `http://plane.test`). Incoming requests are
   * rewritten to it before matching, so the same handlers answer in-process (msw) and over HTTP.
   */
  readonly handlerOrigin: string;
}

/**
 * Serves msw request handlers over a real Node HTTP server, so a simulator built as handlers can be
 * used by other processes (the `sim` command, a real SDK, a benchmark load generator).
 *
 * @example
 * const served = await serveHandlers(simulator.handlers, { handlerOrigin: simulator.baseUrl, port: 8090 });
 */
export async function serveHandlers(
  handlers: readonly RequestHandler[],
  options: ServeHandlersOptions,
): Promise<ServedHandlers> {
  const server = createServer((incoming, outgoing) => {
    void answer(handlers, options.handlerOrigin, incoming, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function answer(
  handlers: readonly RequestHandler[],
  handlerOrigin: string,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const method = incoming.method ?? 'GET';
    const request = new Request(new URL(incoming.url ?? '/', handlerOrigin), {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' || body.length === 0 ? {} : { body }),
    });
    const response = await getResponse([...handlers], request);
    if (response === undefined) {
      outgoing.writeHead(404, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: 'No simulator route matched.' }));
      return;
    }
    if (response.type === 'error') {
      // msw's network error: drop the connection as a real network failure would.
      outgoing.destroy();
      return;
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    outgoing.writeHead(response.status, responseHeaders);
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    outgoing.writeHead(500, { 'content-type': 'application/json' });
    outgoing.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  }
}
