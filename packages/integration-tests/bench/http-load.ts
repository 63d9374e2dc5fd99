// A bounded closed-loop load generator for loopback benchmarks: `concurrency` senders post prepared
// requests back to back and the latency of each one is kept. Nothing here decides what is fast enough.
import { Agent, request } from 'node:http';

/** One prepared request. */
export interface LoadRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What one burst measured. */
export interface LoadFigures {
  readonly sent: number;
  readonly elapsedMs: number;
  /** Milliseconds, sorted ascending. */
  readonly latenciesMs: readonly number[];
  readonly statuses: ReadonlyMap<number, number>;
}

/** Posts every request to `port` on loopback with `concurrency` senders over kept-alive connections. */
export async function postBurst(
  port: number,
  requests: readonly LoadRequest[],
  concurrency: number,
): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const sender = async (): Promise<void> => {
    while (next < requests.length) {
      const prepared = requests[next]!;
      next += 1;
      const sentAt = performance.now();
      const status = await post(agent, port, prepared);
      latencies.push(performance.now() - sentAt);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => sender()));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  latencies.sort((left, right) => left - right);
  return { sent: latencies.length, elapsedMs, latenciesMs: latencies, statuses };
}

/** The value at percentile `p` (0–100) of sorted figures. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function post(agent: Agent, port: number, prepared: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path: prepared.path,
        method: 'POST',
        agent,
        headers: {
          ...prepared.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(prepared.body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(prepared.body);
  });
}
