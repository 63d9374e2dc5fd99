/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- wire JSON is probed field by field */
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { createPlaneSimulator } from './simulator.js';
import { createPlaneHarness } from './test-support.js';

describe('createPlaneSimulator', () => {
  it('answers users/me with the key owner as UserLite', async () => {
    const { call, plane } = createPlaneHarness();

    const me = await call('GET', '/users/me/');

    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: plane.botUserId,
      first_name: 'Sync',
      last_name: 'Bot',
      email: 'sync-bot@plane.test',
      avatar: '',
      avatar_url: null,
      display_name: 'sync-bot',
    });
    expect(me.headers.get('allow')).toBe('GET');
  });

  it('answers 401 without a key and 403 for an unknown key or an unknown workspace', async () => {
    const { call } = createPlaneHarness();

    const noKey = await call('GET', '/users/me/', undefined, null);
    const badKey = await call('GET', '/users/me/', undefined, 'plane_api_0000');
    const otherWorkspace = await call('GET', '/workspaces/no-such-ws/projects/');

    expect(noKey).toMatchObject({
      status: 401,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    expect(badKey).toMatchObject({ status: 403, body: { detail: 'Given API token is not valid' } });
    expect(otherWorkspace).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
  });

  it('answers unknown routes and malformed uuids with 404 "Page not found." before authentication', async () => {
    const { call } = createPlaneHarness();

    const unknown = await call('GET', '/workspaces/acme/no-such-thing/', undefined, null);
    const malformed = await call('GET', '/workspaces/acme/projects/not-a-uuid/');

    expect(unknown).toMatchObject({ status: 404, body: { error: 'Page not found.' } });
    expect(malformed).toMatchObject({ status: 404, body: { error: 'Page not found.' } });
    expect(malformed.headers.has('allow')).toBe(false);
  });

  it('answers PUT with 405 and a malformed JSON body with 400 in Python words', async () => {
    const harness = createPlaneHarness();
    const project = await harness.project();
    const items = `/workspaces/acme/projects/${project.id}/work-items/`;
    const item = await harness.call('POST', items, { name: 'x' });

    const put = await harness.call('PUT', `${items}${item.body.id}/`, { name: 'y' });
    const malformed = await harness.call('POST', items, '{"name": ');

    expect(put).toMatchObject({ status: 405, body: { detail: 'Method "PUT" not allowed.' } });
    expect(put.headers.get('allow')).toBe('GET, PATCH, DELETE');
    expect(malformed).toMatchObject({
      status: 400,
      body: { detail: 'JSON parse error - Expecting value: line 1 column 10 (char 9)' },
    });
  });

  it('refuses project routes to non-members and writes to guests', async () => {
    const harness = createPlaneHarness();
    const guest = harness.plane.addUser({ email: 'guest@example.com', role: 5 });
    const stranger = harness.plane.addUser({ email: 'stranger@example.com' });
    const project = await harness.project();
    harness.plane.addProjectMember(project.id, guest.id, 5);
    const items = `/workspaces/acme/projects/${project.id}/work-items/`;

    const strangerRead = await harness.call('GET', items, undefined, stranger.apiKey);
    const guestRead = await harness.call('GET', items, undefined, guest.apiKey);
    const guestWrite = await harness.call('POST', items, { name: 'x' }, guest.apiKey);
    const guestMembers = await harness.call(
      'GET',
      '/workspaces/acme/members/',
      undefined,
      guest.apiKey,
    );
    const guestProject = await harness.call(
      'POST',
      '/workspaces/acme/projects/',
      { name: 'G', identifier: 'G' },
      guest.apiKey,
    );

    expect(strangerRead.status).toBe(403);
    expect(guestRead.status).toBe(200);
    expect(guestWrite).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
    expect(guestMembers.status).toBe(403);
    expect(guestProject).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
  });

  it('makes changes as the owner of the key used, so a test can act as a human', async () => {
    const harness = createPlaneHarness();
    const ann = harness.plane.addUser({ email: 'ann@example.com' });
    const project = await harness.project();
    harness.plane.addProjectMember(project.id, ann.id);
    const items = `/workspaces/acme/projects/${project.id}/work-items/`;
    const item = await harness.call('POST', items, { name: 'x' });

    const patched = await harness.call(
      'PATCH',
      `${items}${item.body.id}/`,
      { name: 'y' },
      harness.plane.apiKeyFor(ann.id),
    );

    expect(patched.body.updated_by).toBe(ann.id);
    expect(harness.plane.apiKeyFor(harness.plane.botUserId)).toBe(harness.plane.apiKey);
  });

  it('exposes the workspace for inspection in wire shapes', async () => {
    const harness = createPlaneHarness();
    const project = await harness.project('Alpha', 'ALPHA', { cycle_view: true });
    const base = `/workspaces/acme/projects/${project.id}`;
    const item = await harness.call('POST', `${base}/work-items/`, { name: 'x' });
    await harness.call('POST', `${base}/labels/`, { name: 'shipped' });
    await harness.call('POST', `${base}/cycles/`, { name: 'S', project_id: project.id });
    await harness.call('POST', `${base}/work-items/${item.body.id}/comments/`, {
      comment_html: '<p>c</p>',
    });
    await harness.call('POST', `${base}/work-items/${item.body.id}/links/`, {
      url: 'https://example.com',
    });
    const { plane } = harness;

    expect(plane.getProject(project.id)).toMatchObject({ identifier: 'ALPHA', total_cycles: 1 });
    expect(plane.listStates(project.id)).toHaveLength(5);
    expect(plane.listLabels(project.id)).toEqual([expect.objectContaining({ name: 'shipped' })]);
    expect(plane.listCycles(project.id)).toEqual([
      expect.objectContaining({ name: 'S', total_issues: 0 }),
    ]);
    expect(plane.listComments(item.body.id)).toEqual([
      expect.objectContaining({ comment_html: '<p>c</p>' }),
    ]);
    expect(plane.listLinks(item.body.id)).toEqual([
      expect.objectContaining({ url: 'https://example.com' }),
    ]);
    expect(plane.listWorkItems(project.id)).toEqual([item.body]);
  });

  it('resets to an empty workspace that keeps its users and bot', async () => {
    const harness = createPlaneHarness();
    await harness.project();
    const before = harness.plane.requestCount();

    harness.plane.reset();
    const me = await harness.call('GET', '/users/me/');

    expect(before).toBe(1);
    expect(harness.plane.listProjects()).toEqual([]);
    expect(me.body.id).toBe(harness.plane.botUserId);
    expect(harness.plane.requestCount()).toBe(1);
  });

  it('serves the same handlers over real HTTP', async () => {
    const plane = createPlaneSimulator({ rateLimit: false });
    const served = await plane.serve();
    try {
      const response = await fetch(`${served.url}/api/v1/users/me/`, {
        headers: { 'X-API-Key': plane.apiKey },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { id: string }).id).toBe(plane.botUserId);
    } finally {
      await served.close();
    }
  });
});

describe('createPlaneSimulator faults', () => {
  it('fails the next N matching requests with the given status, then answers normally', async () => {
    const { call, plane } = createPlaneHarness();
    plane.faults.next(
      { method: 'GET', path: '/users/me/' },
      { status: 503, body: { error: 'down' }, headers: { 'retry-after': '2' } },
      2,
    );

    const first = await call('GET', '/users/me/');
    const second = await call('GET', '/users/me/');
    const third = await call('GET', '/users/me/');

    expect(first).toMatchObject({ status: 503, body: { error: 'down' } });
    expect(first.headers.get('retry-after')).toBe('2');
    expect(second.status).toBe(503);
    expect(third.status).toBe(200);
  });

  it('echoes the named request headers in the body of a fault, as the incident of issue 11.5 did', async () => {
    const { call, plane } = createPlaneHarness();
    plane.faults.next(
      { method: 'GET', path: '/users/me/' },
      { status: 400, body: { detail: 'bad request' }, echoRequestHeaders: ['x-api-key'] },
    );

    const answer = await call('GET', '/users/me/');

    expect(answer).toMatchObject({
      status: 400,
      body: { detail: 'bad request', request_headers: { 'x-api-key': plane.apiKey } },
    });
  });

  it('matches the method and a RegExp path', async () => {
    const { call, plane } = createPlaneHarness();
    plane.faults.next({ method: 'POST', path: /\/projects\/$/ }, { status: 500 });

    const read = await call('GET', '/workspaces/acme/projects/');
    const write = await call('POST', '/workspaces/acme/projects/', { name: 'A', identifier: 'A' });

    expect(read.status).toBe(200);
    expect(write).toMatchObject({
      status: 500,
      body: { error: 'Something went wrong please try again later' },
    });
  });

  it('never answers a timed-out request until the client aborts it', async () => {
    const plane = createPlaneSimulator({ rateLimit: false });
    plane.faults.next({ path: '/users/me/' }, { timeout: true });
    const served = await plane.serve();
    const controller = new AbortController();
    try {
      const pending = fetch(`${served.url}/api/v1/users/me/`, {
        headers: { 'X-API-Key': plane.apiKey },
        signal: controller.signal,
      });
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      await expect(pending).rejects.toThrow();
    } finally {
      plane.faults.clear();
      await served.close();
    }
  });

  it('lets an in-process (msw) client time out on a hanging request', async () => {
    const plane = createPlaneSimulator({ rateLimit: false });
    const server = setupServer(...plane.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    plane.faults.next({ path: '/users/me/' }, { timeout: true });
    const controller = new AbortController();
    try {
      const pending = fetch(`${plane.baseUrl}/api/v1/users/me/`, {
        headers: { 'X-API-Key': plane.apiKey },
        signal: controller.signal,
      });
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      await expect(pending).rejects.toThrow();
      const next = await fetch(`${plane.baseUrl}/api/v1/users/me/`, {
        headers: { 'X-API-Key': plane.apiKey },
      });
      expect(next.status).toBe(200);
    } finally {
      server.close();
    }
  });

  it('resets the connection before applying, or applies and then loses the answer', async () => {
    const plane = createPlaneSimulator({ rateLimit: false });
    const server = setupServer(...plane.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    const create = (name: string) =>
      fetch(`${plane.baseUrl}/api/v1/workspaces/${plane.workspaceSlug}/projects/`, {
        method: 'POST',
        headers: { 'X-API-Key': plane.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, identifier: name.toUpperCase() }),
      });
    try {
      plane.faults.next({ method: 'POST', path: '/projects/' }, { connectionReset: true });
      await expect(create('Reset')).rejects.toThrow();
      plane.faults.next({ method: 'POST', path: '/projects/' }, { answerLost: true });
      await expect(create('Lost')).rejects.toThrow();

      expect(plane.listProjects()).toEqual([expect.objectContaining({ name: 'Lost' })]);
    } finally {
      server.close();
    }
  });

  it('delays a response on the injected clock', async () => {
    const { call, plane, clock } = createPlaneHarness();
    plane.faults.next({ path: '/users/me/' }, { delayMs: 30_000 });
    const start = clock.now();

    const response = await call('GET', '/users/me/');

    expect(response.status).toBe(200);
    expect(clock.now() - start).toBe(30_000);
  });
});
