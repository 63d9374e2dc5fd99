import { createFakeClock, type FakeClock } from '../fake-clock.js';

/**
 * Parsed wire JSON as the simulator's tests read it: field by field, with the assertions themselves
 * doing the type checking.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON is probed freely in assertions
export type WireJson = any;
import {
  createPlaneSimulator,
  type PlaneSimulator,
  type PlaneSimulatorOptions,
} from './simulator.js';
import { getResponse } from 'msw';

/** A simulator on a fake clock plus a tiny typed caller, for the simulator's own tests. */
export interface PlaneHarness {
  readonly plane: PlaneSimulator;
  readonly clock: FakeClock;
  /** Calls `/api/v1<path>` with the bot key (or `key`) through the handlers, without a network. */
  call(
    method: string,
    path: string,
    body?: unknown,
    key?: string | null,
  ): Promise<{ status: number; headers: Headers; body: WireJson; text: string }>;
  /** Creates a project and returns its wire body. */
  project(name?: string, identifier?: string, extra?: Record<string, unknown>): Promise<WireJson>;
}

/**
 * Builds a harness on a fake clock starting at 2026-11-26T09:00:00Z. Throttling is off unless the
 * options set `rateLimit` or `defaultRateLimit` asks for the simulator's own default.
 */
export function createPlaneHarness(
  options: PlaneSimulatorOptions = {},
  harness: { readonly defaultRateLimit?: boolean } = {},
): PlaneHarness {
  const clock = createFakeClock({ start: Date.parse('2026-11-26T09:00:00Z') });
  const plane = createPlaneSimulator({
    clock,
    ...(harness.defaultRateLimit === true ? {} : { rateLimit: false }),
    ...options,
  });
  let counter = 0;
  const call: PlaneHarness['call'] = async (method, path, body, key) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (key !== null) headers['X-Api-Key'] = key ?? plane.apiKey;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const request = new Request(`${plane.baseUrl}/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const response = await getResponse(plane.handlers, request);
    if (response === undefined) throw new Error(`no handler for ${method} ${path}`);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
      text,
    };
  };
  return {
    plane,
    clock,
    call,
    project: async (name, identifier, extra = {}) => {
      counter += 1;
      const response = await call('POST', `/workspaces/${plane.workspaceSlug}/projects/`, {
        name: name ?? `Project ${counter}`,
        identifier: identifier ?? `P${counter}`,
        ...extra,
      });
      if (response.status !== 201) throw new Error(`project create failed: ${response.text}`);
      const project: unknown = response.body;
      return project;
    },
  };
}
