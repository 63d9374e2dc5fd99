import { getResponse } from 'msw';
import type { OdooSimulator } from './odoo-simulator.js';

/** A JSON-RPC answer: HTTP status and parsed body. */
export interface RpcAnswer {
  readonly status: number;
  readonly body: {
    result?: unknown;
    error?: {
      code: number;
      message: string;
      data: { name: string; message: string; arguments: unknown[]; debug: string };
    };
  };
}

/** Sends one request through the simulator's msw handlers (no network, no global interception). */
export async function send(simulator: OdooSimulator, request: Request): Promise<Response> {
  const response = await getResponse(simulator.handlers, request);
  if (response === undefined)
    throw new Error(`No simulator route for ${request.method} ${request.url}`);
  return response;
}

/** Calls `object.execute_kw` as the simulator's admin (or with `apiKey` and `uid` overridden). */
export async function executeKw(
  simulator: OdooSimulator,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
  apiKey: string = simulator.apiKey,
  uid: number = simulator.uid,
): Promise<RpcAnswer> {
  const response = await send(
    simulator,
    new Request(`${simulator.baseUrl}/jsonrpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        id: 7,
        params: {
          service: 'object',
          method: 'execute_kw',
          args: [simulator.db, uid, apiKey, model, method, args, kwargs],
        },
      }),
    }),
  );
  return { status: response.status, body: (await response.json()) as RpcAnswer['body'] };
}

/** `execute_kw` that must succeed: returns the result or throws with the Odoo error. */
export async function call<T = unknown>(
  simulator: OdooSimulator,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
): Promise<T> {
  const answer = await executeKw(simulator, model, method, args, kwargs);
  if (answer.body.error !== undefined)
    throw new Error(`${answer.body.error.data.name}: ${answer.body.error.data.message}`);
  return answer.body.result as T;
}

/** Calls a JSON-2 endpoint (19.0+). */
export async function json2(
  simulator: OdooSimulator,
  model: string,
  method: string,
  body: Record<string, unknown>,
  apiKey: string = simulator.apiKey,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await send(
    simulator,
    new Request(`${simulator.baseUrl}/json/2/${model}/${method}`, {
      method: 'POST',
      headers: { Authorization: `bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}
