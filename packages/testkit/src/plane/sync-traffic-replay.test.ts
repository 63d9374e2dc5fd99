/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- wire JSON is probed field by field */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPlaneHarness, type PlaneHarness, type WireJson } from './test-support.js';

/** One line of a sync-traffic file: what our sync sent to the real Plane CE 1.3.1, and its answer. */
interface RecordedCall {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestBody?: string;
  readonly responseBody?: string;
}

const TRAFFIC_DIR = fileURLToPath(new URL('../../fixtures/sync-traffic/', import.meta.url));
const trafficFiles = readdirSync(TRAFFIC_DIR)
  .filter((name) => /^plane-ce-1\.3\.1-.*\.jsonl$/.test(name))
  .sort();

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

function loadTraffic(name: string): RecordedCall[] {
  return readFileSync(`${TRAFFIC_DIR}${name}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedCall);
}

function parsed(text: string | undefined): WireJson {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `GET /api/v1/workspaces/acme/projects/<uuid>/states/?per_page=100` → `GET …/projects/:id/states/`. */
function routeOf(call: RecordedCall): string {
  const path = call.path
    .split('?')[0]!
    .replace(UUID, ':id')
    .replace(/workspaces\/[^/]+\//, 'workspaces/:slug/');
  return `${call.method} ${path}`;
}

/** Everything the recording shows about the workspace: who and what each recorded id was. */
interface RecordedWorld {
  readonly slug: string;
  readonly me: WireJson;
  readonly members: readonly WireJson[];
  /** Project id → the request body that created it. */
  readonly projects: Map<string, WireJson>;
  readonly states: Map<string, { project: string; name: string }>;
  /** Cycle id → its project and the request body that created it. */
  readonly cycles: Map<string, { project: string; body: WireJson }>;
  readonly workItems: Map<string, WireJson>;
  readonly labels: Map<string, WireJson>;
}

function recordedWorldOf(calls: readonly RecordedCall[]): RecordedWorld {
  const slug = /workspaces\/([^/]+)\//.exec(
    calls.find((call) => call.path.includes('workspaces/'))!.path,
  )![1]!;
  const world: RecordedWorld = {
    slug,
    me: parsed(calls.find((call) => routeOf(call) === 'GET /api/v1/users/me/')!.responseBody),
    members:
      parsed(
        calls.find((call) => routeOf(call) === 'GET /api/v1/workspaces/:slug/members/')
          ?.responseBody,
      ) ?? [],
    projects: new Map(),
    states: new Map(),
    cycles: new Map(),
    workItems: new Map(),
    labels: new Map(),
  };
  for (const call of calls) {
    if (call.status >= 300) continue;
    const route = routeOf(call);
    const response = parsed(call.responseBody);
    const results: WireJson[] = Array.isArray(response?.results) ? response.results : [];
    switch (route) {
      case 'POST /api/v1/workspaces/:slug/projects/':
        world.projects.set(response.id, parsed(call.requestBody));
        break;
      case 'GET /api/v1/workspaces/:slug/projects/:id/states/':
        for (const state of results) world.states.set(state.id, state);
        break;
      case 'POST /api/v1/workspaces/:slug/projects/:id/cycles/':
        world.cycles.set(response.id, {
          project: response.project,
          body: parsed(call.requestBody),
        });
        break;
      case 'POST /api/v1/workspaces/:slug/projects/:id/work-items/':
      case 'GET /api/v1/workspaces/:slug/projects/:id/work-items/:id/':
        world.workItems.set(response.id, response);
        break;
      case 'GET /api/v1/workspaces/:slug/projects/:id/work-items/':
        for (const item of response?.id === undefined ? results : [response])
          world.workItems.set(item.id, item);
        break;
      case 'POST /api/v1/workspaces/:slug/projects/:id/labels/':
        world.labels.set(response.id, response);
        break;
      case 'GET /api/v1/workspaces/:slug/projects/:id/labels/':
        for (const label of results) world.labels.set(label.id, label);
        break;
    }
  }
  return world;
}

/**
 * Builds, in a fresh simulator, what one recorded request needed to exist: the workspace members, then every
 * project, state, cycle, label and work item the request names (each as the recording shows it, in its own
 * project), and the records the answer itself shows existed (the item a 409 or a lookup names). Returns the
 * recorded-id → simulator-id translation.
 */
async function seedFor(
  harness: PlaneHarness,
  world: RecordedWorld,
  call: RecordedCall,
): Promise<Map<string, string>> {
  const { plane } = harness;
  const ids = new Map<string, string>([[NIL_UUID, NIL_UUID]]);
  ids.set(world.me.id, plane.botUserId);
  for (const member of world.members) {
    if (member.id === world.me.id) continue;
    const user = plane.addUser({
      email: member.email,
      firstName: member.first_name,
      lastName: member.last_name,
      displayName: member.display_name,
      role: member.role,
    });
    ids.set(member.id, user.id);
  }
  const base = `/workspaces/${world.slug}/projects/`;
  const created = async (path: string, body: unknown): Promise<string> => {
    const response = await harness.call('POST', path, body);
    if (response.status !== 201) throw new Error(`seeding ${path} failed: ${response.text}`);
    return response.body.id as string;
  };
  const translated = (value: unknown): WireJson =>
    JSON.parse(JSON.stringify(value ?? null).replace(UUID, (id) => ids.get(id) ?? id));

  const ensure = async (id: string): Promise<void> => {
    if (ids.has(id)) return;
    const project = world.projects.get(id);
    if (project !== undefined) {
      for (const nested of JSON.stringify(project).match(UUID) ?? []) await ensure(nested);
      ids.set(id, await created(base, translated(project)));
      return;
    }
    const state = world.states.get(id);
    if (state !== undefined) {
      await ensure(state.project);
      const listed = await harness.call('GET', `${base}${ids.get(state.project)}/states/`);
      const match = listed.body.results.find((row: WireJson) => row.name === state.name);
      if (match !== undefined) ids.set(id, match.id);
      return;
    }
    const cycle = world.cycles.get(id);
    if (cycle !== undefined) {
      await ensure(cycle.project);
      ids.set(
        id,
        await created(`${base}${ids.get(cycle.project)}/cycles/`, translated(cycle.body)),
      );
      return;
    }
    const label = world.labels.get(id);
    if (label !== undefined) {
      await ensure(label.project);
      ids.set(
        id,
        await created(`${base}${ids.get(label.project)}/labels/`, {
          name: label.name,
          color: label.color,
        }),
      );
      return;
    }
    const item = world.workItems.get(id);
    if (item !== undefined) {
      await ensure(item.project);
      ids.set(
        id,
        await created(`${base}${ids.get(item.project)}/work-items/`, {
          name: item.name,
          ...(item.external_id === null
            ? {}
            : { external_id: item.external_id, external_source: item.external_source }),
        }),
      );
    }
  };

  const named = `${call.path} ${call.requestBody ?? ''}`.match(UUID) ?? [];
  // What the answer shows already existed: the duplicate a 409 names, the item a lookup found.
  const shown =
    call.status === 409 || (call.status === 200 && call.path.includes('external_id='))
      ? [parsed(call.responseBody)?.id].filter((id): id is string => typeof id === 'string')
      : [];
  for (const id of [...named, ...shown]) await ensure(id);
  return ids;
}

/**
 * Replays our own recorded traffic against the real Plane CE 1.3.1 (`fixtures/sync-traffic/`), **one request at
 * a time against a fresh simulator seeded for it** (see `seedFor`), not as one stateful sequence: the sync sent
 * requests concurrently, so the file's order is not the server's (a create answered 409 is listed before the
 * create it collided with). Every request the real server refused must be refused with the same status and the
 * same error body; every request it accepted must be accepted with the same status.
 *
 * Left out, by status: 502 — the development server behind the recording proxy dropped a few list requests;
 * that is an outage, not an answer to the request, and the same request shape is checked accepted elsewhere.
 */
describe.each(trafficFiles)('createPlaneSimulator replaying the sync’s traffic in %s', (file) => {
  const calls = loadTraffic(file);
  const world = recordedWorldOf(calls);

  it('refuses what real Plane refused (same status and error body) and accepts what it accepted', async () => {
    const mismatches: string[] = [];
    let refused = 0;
    for (const [index, call] of calls.entries()) {
      if (call.status === 502) {
        expect(
          calls.some((other) => other.status < 300 && routeOf(other) === routeOf(call)),
          `line ${index + 1}: the 502's request shape is also recorded accepted`,
        ).toBe(true);
        continue;
      }
      const harness = createPlaneHarness({
        workspaceSlug: world.slug,
        botUser: {
          email: world.me.email,
          firstName: world.me.first_name,
          lastName: world.me.last_name,
          displayName: world.me.display_name,
        },
      });
      await harness.clock.set(Date.parse(call.at));
      const ids = await seedFor(harness, world, call);
      const translate = (text: string): string => text.replace(UUID, (id) => ids.get(id) ?? id);

      const response = await harness.call(
        call.method,
        translate(call.path.replace(/^\/api\/v1/, '')),
        call.requestBody === undefined ? undefined : translate(call.requestBody),
      );

      const line = `line ${index + 1} ${routeOf(call)}`;
      if (response.status !== call.status) {
        mismatches.push(`${line}: ${response.status} instead of ${call.status}: ${response.text}`);
      } else if (call.status >= 400) {
        refused += 1;
        const expected = parsed(translate(call.responseBody ?? ''));
        if (JSON.stringify(response.body) !== JSON.stringify(expected)) {
          mismatches.push(`${line}: ${response.text} instead of ${JSON.stringify(expected)}`);
        }
      }
    }

    expect(mismatches).toEqual([]);
    // The files hold refusals (empty description, relation-removal probe, 404 lookups, 409s).
    expect(refused).toBeGreaterThan(0);
  }, 120_000);
});
