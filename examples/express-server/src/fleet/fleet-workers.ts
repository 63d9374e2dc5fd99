import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

const exampleDir = fileURLToPath(new URL('../..', import.meta.url));

/** One example server, as a child process of the fleet. */
export interface FleetWorker {
  readonly url: string;
  readonly process: ChildProcess;
  /** Output lines so far (warnings and errors only at LOG_LEVEL=warn). */
  readonly output: string[];
  alive: boolean;
}

/** A port nobody listens on right now (the worker binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `npm start`'s entry (`src/main.ts` through tsx) as a child process with `environment`, and
 * resolves once it printed its start-up summary (its backfill is over).
 */
export async function startFleetWorker(
  environment: Readonly<Record<string, string>>,
  readyWithinMs: number,
): Promise<FleetWorker> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: exampleDir,
    env: { PATH: process.env.PATH ?? '', ...environment, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: FleetWorker = {
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: [],
    alive: true,
  };
  child.once('exit', () => {
    worker.alive = false;
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      worker.output.push(text);
      if (text.includes('odoo-plane-sync is running')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`worker exited (${code}) before it was ready:\n${worker.output.join('')}`)),
    );
  });
  const timeout = delay(readyWithinMs).then(() => {
    throw new Error(`worker not ready within ${readyWithinMs} ms:\n${worker.output.join('')}`);
  });
  await Promise.race([ready, timeout]);
  return worker;
}

/** Stops a worker the way a platform does (SIGTERM), and waits for it to exit. */
export async function stopFleetWorker(worker: FleetWorker): Promise<void> {
  if (!worker.alive) return;
  const exited = new Promise((resolve) => worker.process.once('exit', resolve));
  worker.process.kill('SIGTERM');
  await exited;
}

/**
 * A load balancer in front of the workers: each webhook delivery goes to the next live worker in turn;
 * one that refuses the connection (killed) is skipped and the delivery goes to the next, as a health-
 * checked balancer does. Answers with the worker's status.
 */
export async function startLoadBalancer(
  workers: readonly FleetWorker[],
): Promise<{ readonly url: string; readonly forwarded: () => number; close(): Promise<void> }> {
  let next = 0;
  let forwarded = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        for (let tries = 0; tries < workers.length * 2; tries += 1) {
          const worker = workers[next++ % workers.length]!;
          if (!worker.alive) continue;
          try {
            const answer = await fetch(`${worker.url}${request.url ?? '/'}`, {
              method: request.method ?? 'POST',
              headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
              body,
            });
            forwarded += 1;
            response.writeHead(answer.status).end(await answer.text());
            return;
          } catch {
            // Refused or reset: the worker is gone; the next one takes the delivery.
          }
        }
        response.writeHead(503).end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
