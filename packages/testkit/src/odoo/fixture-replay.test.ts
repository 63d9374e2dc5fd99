import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../fake-clock.js';
import { createFaultInjector } from './faults.js';
import { createJsonRpcHandler } from './jsonrpc-transport.js';
import { createSimulatorCore } from './simulator-core.js';

// Request/response pairs and webhook deliveries recorded from real Odoo 16.0 and 17.0 servers
// (copied verbatim from the shared reference fixtures).
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface RequestFixture {
  readonly file: string;
  readonly description: string;
  readonly request: { readonly body?: unknown; readonly rawBody?: string };
  readonly response: {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body?: unknown;
    readonly rawBody?: string;
  };
}
interface DeliveryFixture {
  readonly file: string;
  readonly delivery: {
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly rawBody: string;
  };
}

function loadFixtures(version: 16 | 17): {
  requests: RequestFixture[];
  deliveries: DeliveryFixture[];
} {
  const dir = `${fixturesDir}odoo-${version}/`;
  const requests: RequestFixture[] = [];
  const deliveries: DeliveryFixture[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const parsed = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, unknown>;
    if ('delivery' in parsed)
      deliveries.push({ file, ...(parsed as Omit<DeliveryFixture, 'file'>) });
    else requests.push({ file, ...(parsed as Omit<RequestFixture, 'file'>) });
  }
  return { requests, deliveries };
}

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idKey = (key: string): boolean =>
  key === 'id' || key === 'res_id' || key.endsWith('_id') || key.endsWith('_ids');

/** Replaces ids and timestamps (which differ between servers) with placeholders; keeps everything else. */
function normalize(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (DATETIME.test(value)) return '<datetime>';
    if (UUID.test(value)) return '<uuid>';
    return value.replace(/\(\d+,\)/g, '(<id>,)').replace(/\(#\d+\)/g, '(#<id>)');
  }
  if (typeof value === 'number' && idKey(key)) return '<id>';
  if (Array.isArray(value)) {
    if (
      value.length === 2 &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'string' &&
      idKey(key)
    )
      return ['<id>', value[1]];
    return value.map((item) => (typeof item === 'number' && idKey(key) ? '<id>' : normalize(item)));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, normalize(item, name)]),
    );
  }
  return value;
}

/** The encoding class of a value: what "value encoding" means when the values themselves differ. */
function encodingClass(value: unknown): string {
  if (value === false) return 'false';
  if (Array.isArray(value))
    return value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string'
      ? 'pair'
      : 'list';
  if (typeof value === 'string') return DATETIME.test(value) ? 'datetime' : 'string';
  return typeof value;
}

function maxDatetime(value: unknown): string | undefined {
  let best: string | undefined;
  const visit = (item: unknown): void => {
    if (typeof item === 'string' && DATETIME.test(item))
      best = best === undefined || item > best ? item : best;
    else if (Array.isArray(item)) item.forEach(visit);
    else if (typeof item === 'object' && item !== null) Object.values(item).forEach(visit);
  };
  visit(value);
  return best;
}

/** Fixtures whose values are server-specific beyond ids (a full read): compare keys and encodings only. */
const SHAPE_ONLY = new Set([
  '027-task-read-all-fields.json',
  '028-task-read-all-fields.json',
  '062-server-action-read.json',
]);

/**
 * Records the recording session created outside the captured calls (ids the later fixtures use), by
 * the fixture they must precede. `suffix` is the session's name suffix (`085806`).
 */
function gapsFor(
  version: 16 | 17,
  suffix: string,
  firstTaskFixture: string,
): Record<string, { model: string; id: number; values: Record<string, unknown> }[]> {
  const gaps: Record<string, { model: string; id: number; values: Record<string, unknown> }[]> = {
    '016': [
      {
        model: 'project.task.type',
        id: 35,
        values: { name: `In Progress ${suffix}`, sequence: 2, project_ids: [[6, 0, [6]]] },
      },
      {
        model: 'project.task.type',
        id: 36,
        values: { name: `Done ${suffix}`, sequence: 3, fold: true, project_ids: [[6, 0, [6]]] },
      },
    ],
    '020': [
      {
        model: 'res.users',
        id: 9,
        values: {
          name: `Fixture User 2 ${suffix}`,
          login: `fx2_${suffix}@example.com`,
          email: `fx2_${suffix}@example.com`,
        },
      },
    ],
    [firstTaskFixture]: [
      { model: 'project.task', id: 28, values: { name: `Doomed ${suffix}`, project_id: 6 } },
    ],
  };
  if (version === 17)
    gaps['069'] = [
      { model: 'project.task', id: 31, values: { name: 'Webhook task 2', project_id: 6 } },
    ];
  return gaps;
}

/** Ids of records created inside a recorded call (a rule's inline server action), by fixture. */
const NESTED_IDS: Record<string, { model: string; id: number }> = {
  '060': { model: 'ir.actions.server', id: 228 },
  '067': { model: 'ir.actions.server', id: 229 },
};

async function replay(version: 16 | 17) {
  const { requests, deliveries } = loadFixtures(version);
  const firstBody = requests[1]?.request.body as { params: { args: unknown[] } };
  const db = String(firstBody.params.args[0]);
  const projectCreate = requests.find((fixture) => fixture.file.startsWith('011'));
  const projectName = String(
    (
      projectCreate?.request.body as {
        params: { args: [unknown, unknown, unknown, unknown, unknown, [{ name: string }]] };
      }
    ).params.args[5][0].name,
  );
  const suffix = projectName.split(' ').pop() ?? '';

  // The clock is set before each call to the earliest timestamp the recording shows from then on,
  // so `write_date >= '<recorded time>'` domains select the same rows.
  const checkpoints: (string | undefined)[] = [];
  let upcoming: string | undefined;
  for (let index = requests.length - 1; index >= 0; index -= 1) {
    const latest = maxDatetime(requests[index]?.response.body);
    if (latest !== undefined)
      upcoming = upcoming === undefined || latest < upcoming ? latest : upcoming;
    checkpoints[index] = upcoming;
  }
  const clock = createFakeClock({ start: Date.parse('2026-11-26T08:50:00Z') });
  const received: { url: string; headers: Record<string, string>; body: string }[] = [];
  const core = createSimulatorCore({
    baseUrl: 'http://odoo.test',
    variant: { version, edition: 'ce', ppm: false },
    db,
    login: 'admin',
    apiKey: '<redacted>',
    clock,
    fetch: (input, init) => {
      received.push({
        url: input instanceof Request ? input.url : input.toString(),
        headers: init?.headers as Record<string, string>,
        body: typeof init?.body === 'string' ? init.body : '',
      });
      return Promise.resolve(new Response('ok'));
    },
    faults: createFaultInjector(),
  });
  const handler = createJsonRpcHandler(core);
  const unlinkFixture =
    requests.find((fixture) => fixture.description.startsWith('unlink a task'))?.file.slice(0, 3) ??
    '';
  const gaps = gapsFor(version, suffix, unlinkFixture);

  const outcomes: { fixture: RequestFixture; status: number; body: unknown }[] = [];
  const fieldIds = new Map<number, number>();
  for (const [index, fixture] of requests.entries()) {
    const checkpoint = checkpoints[index];
    // Half a second past the recorded second: write_date keeps a fraction, as a real one does.
    if (checkpoint !== undefined)
      await clock.set(Date.parse(`${checkpoint.slice(0, 19).replace(' ', 'T')}Z`) + 500);
    const nested = version === 17 ? NESTED_IDS[fixture.file.slice(0, 3)] : undefined;
    if (nested !== undefined) core.orm.store.advanceSequence(nested.model, nested.id);
    for (const gap of gaps[fixture.file.slice(0, 3)] ?? []) {
      core.orm.store.advanceSequence(gap.model, gap.id);
      core.runDirect((env) => core.orm.create(env, gap.model, [gap.values]));
    }
    // Line the simulator's id sequences up with the recording, so later calls name the same records.
    const body = fixture.request.body as { params?: { args?: unknown[] } } | undefined;
    const args = body?.params?.args ?? [];
    const result = (fixture.response.body as { result?: unknown } | undefined)?.result;
    const model = String(args[3]);
    const method = String(args[4]);
    if (typeof result === 'number' && method === 'create')
      core.orm.store.advanceSequence(model, result);
    if (Array.isArray(result) && method === 'create')
      core.orm.store.advanceSequence(model, Number(result[0]));
    if (typeof result === 'number' && method === 'message_post')
      core.orm.store.advanceSequence('mail.message', result);
    if (typeof result === 'string' && method === 'activity_schedule')
      core.orm.store.advanceSequence('mail.activity', Number(/\((\d+),\)/.exec(result)?.[1]));

    // ir.model.fields ids are per database: a rule names the fields by the ids this server gave.
    if (model === 'base.automation' && method === 'create') {
      const text = JSON.stringify(fixture.request.body).replace(
        /"webhook_field_ids":\[\[6,0,\[([\d,]+)\]\]\]/,
        (_match, list: string) =>
          `"webhook_field_ids":[[6,0,[${list
            .split(',')
            .map((id) => fieldIds.get(Number(id)) ?? 0)
            .join(',')}]]]`,
      );
      Object.assign(fixture, { request: { body: JSON.parse(text) as unknown } });
    }
    const wrongPassword = fixture.description.includes('WRONG password');
    const sentBody =
      fixture.request.rawBody ??
      JSON.stringify(
        wrongPassword
          ? JSON.parse(JSON.stringify(fixture.request.body).replace('<redacted>', 'not-the-key'))
          : fixture.request.body,
      );
    const request = new Request('http://odoo.test/jsonrpc', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: sentBody,
    });
    const response = await getResponse([handler], request);
    if (response === undefined) throw new Error(`no response for ${fixture.file}`);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain-text answers stay text
    }
    outcomes.push({ fixture, status: response.status, body: parsed });
    if (model === 'ir.model.fields' && method === 'search_read') {
      const ours = (parsed as { result: { id: number; name: string }[] }).result;
      for (const row of result as { id: number; name: string }[]) {
        const match = ours.find((item) => item.name === row.name);
        if (match !== undefined) fieldIds.set(row.id, match.id);
      }
    }
  }
  await core.settleWebhooks();
  return { outcomes, deliveries, received };
}

describe.each([16, 17] as const)(
  'Odoo %i recorded fixtures replayed against the simulator',
  (version) => {
    const replayed = replay(version);

    it('answers every recorded request with the same status, envelope, error names and value encoding', async () => {
      const { outcomes } = await replayed;
      expect(outcomes.length).toBeGreaterThan(50);
      const mismatches: { file: string; expected: unknown; actual: unknown }[] = [];
      const check = (file: string, actual: unknown, expected: unknown): void => {
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          mismatches.push({ file, expected, actual });
      };
      const sortKeys = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(sortKeys)
          : typeof value === 'object' && value !== null
            ? Object.fromEntries(
                Object.entries(value)
                  .sort(([a], [b]) => (a < b ? -1 : 1))
                  .map(([key, item]) => [key, sortKeys(item)]),
              )
            : value;
      for (const { fixture, status, body } of outcomes) {
        const expected = fixture.response.body ?? fixture.response.rawBody;
        check(fixture.file, status, fixture.response.status);
        if (typeof expected === 'string') {
          check(fixture.file, body, expected);
          continue;
        }
        const expectedEnvelope = expected as { error?: { data: { debug: string } } };
        const actualEnvelope = body as { error?: { data: { debug: string } } };
        if (expectedEnvelope.error !== undefined) {
          const { debug: expectedDebug, ...expectedData } = expectedEnvelope.error.data;
          const { debug: actualDebug, ...actualData } = actualEnvelope.error?.data ?? { debug: '' };
          check(
            fixture.file,
            sortKeys({ ...actualEnvelope, error: { ...actualEnvelope.error, data: actualData } }),
            sortKeys({
              ...expectedEnvelope,
              error: { ...expectedEnvelope.error, data: expectedData },
            }),
          );
          const lastLine = (debug: string): string | undefined => debug.trimEnd().split('\n').pop();
          check(fixture.file, actualDebug.startsWith('Traceback (most recent call last):\n'), true);
          check(fixture.file, lastLine(actualDebug), lastLine(expectedDebug));
          continue;
        }
        if (SHAPE_ONLY.has(fixture.file)) {
          const shape = (value: unknown) =>
            ((value as { result?: Record<string, unknown>[] }).result ?? []).map((row) =>
              sortKeys(
                Object.fromEntries(
                  Object.entries(row).map(([name, item]) => [name, encodingClass(item)]),
                ),
              ),
            );
          check(fixture.file, shape(body), shape(expected));
          continue;
        }
        check(fixture.file, sortKeys(normalize(body)), sortKeys(normalize(expected)));
      }
      expect(mismatches).toEqual([]);
    });

    if (version === 17) {
      it('sends the recorded webhook deliveries: same count per save, bytes, headers and receiver path', async () => {
        const { deliveries, received } = await replayed;
        expect(received.map((post) => new URL(post.url).pathname)).toEqual(
          deliveries.map((fixture) => fixture.delivery.path),
        );
        received.forEach((post, index) => {
          const recorded = deliveries[index]?.delivery;
          const placeholders = (raw: string) => normalize(JSON.parse(raw));
          expect(placeholders(post.body)).toEqual(placeholders(recorded?.rawBody ?? '{}'));
          // Exact bytes apart from ids and the microsecond write_date: Python's json.dumps layout.
          const mask = (raw: string) => raw.replace(/\d+/g, '0');
          expect(mask(post.body)).toEqual(mask(recorded?.rawBody ?? ''));
          expect(post.headers['User-Agent']).toBe(recorded?.headers['User-Agent']);
          expect(post.headers['Content-Type']).toBe(recorded?.headers['Content-Type']);
        });
      });
    }
  },
);
