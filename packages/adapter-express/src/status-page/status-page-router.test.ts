import { createHash } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '@odoo-plane-sync/sync-core/testing';
import { createStatusPage } from './status-page-router.js';
import type { StatusPageSnapshot, StatusPageSource } from './status-page-source.js';
import { testSnapshot } from './test-snapshot.js';

const token = 'status-page-token-0123456789';

/** A source over a snapshot whose failed events leave it when replayed, recording every replay. */
function fakeSource(snapshot: StatusPageSnapshot = testSnapshot()) {
  let failed = [...snapshot.failedEvents];
  const replays: (readonly string[] | 'all')[] = [];
  const source: StatusPageSource = {
    read: () => Promise.resolve({ ...snapshot, failedEvents: failed }),
    replay: (ids) => {
      replays.push(ids ?? 'all');
      const hit = failed.filter((event) => ids === undefined || ids.includes(event.id));
      failed = failed.filter((event) => !hit.includes(event));
      return Promise.resolve(hit.map((event) => event.id));
    },
  };
  return { source, replays };
}

function appWith(source: StatusPageSource, logger = createMemoryLogger()) {
  const app = express();
  app.use('/ops/status', createStatusPage({ source, replayToken: token, logger }));
  return app;
}

describe('createStatusPage', () => {
  it('serves the page as HTML that may run no script and style only itself', async () => {
    const response = await request(appWith(fakeSource().source)).get('/ops/status');

    const style = /<style>([\s\S]*?)<\/style>/.exec(response.text)?.[1] ?? '';
    const styleHash = createHash('sha256').update(style).digest('base64');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(response.headers['content-security-policy']).toBe(
      `default-src 'none'; style-src 'sha256-${styleHash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.text).toContain('54 / 60');
    expect(response.text).not.toContain(token);
  });

  it('replays the event a button names once the typed token matches, then redirects back with a count', async () => {
    const { source, replays } = fakeSource();
    const app = appWith(source);

    const posted = await request(app)
      .post('/ops/status')
      .type('form')
      .send({ token, event: 'event-failed-2' });
    const after = await request(app).get(`/ops/status${String(posted.headers.location)}`);

    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('?replayed=1&asked=1');
    expect(replays).toEqual([['event-failed-2']]);
    expect(after.text).toContain('Replayed 1 event.');
    expect(after.text).not.toContain('value="event-failed-2"');
  });

  it('replays every failed event with "Replay all failed", and takes the token as a bearer header', async () => {
    const { source, replays } = fakeSource();

    const posted = await request(appWith(source))
      .post('/ops/status')
      .set('Authorization', `Bearer ${token}`)
      .type('form')
      .send({ all: 'failed' });

    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('?replayed=2&asked=2');
    expect(replays).toEqual(['all']);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { token: `${token}x` }],
    ['a token prefix', { token: token.slice(0, 20) }],
  ])('refuses a replay with %s (403, the page, nothing replayed)', async (_case, fields) => {
    const { source, replays } = fakeSource();

    const posted = await request(appWith(source))
      .post('/ops/status')
      .type('form')
      .send({ ...fields, event: 'event-failed-2' });

    expect(posted.status).toBe(403);
    expect(posted.text).toContain('The replay token is wrong or missing: nothing was replayed.');
    expect(replays).toEqual([]);
  });

  it('ignores a token sent as a cookie, so a cross-site form post cannot replay', async () => {
    const { source, replays } = fakeSource();

    const posted = await request(appWith(source))
      .post('/ops/status')
      .set('Cookie', `token=${token}`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ event: 'event-failed-2' });

    expect(posted.status).toBe(403);
    expect(replays).toEqual([]);
  });

  it('answers 400 when the post names no event', async () => {
    const { source, replays } = fakeSource();

    const posted = await request(appWith(source)).post('/ops/status').type('form').send({ token });

    expect(posted.status).toBe(400);
    expect(replays).toEqual([]);
  });

  it('says so when the event was no longer failed', async () => {
    const { source } = fakeSource();
    const app = appWith(source);

    const posted = await request(app)
      .post('/ops/status')
      .type('form')
      .send({ token, event: 'no-such-event' });
    const after = await request(app).get(`/ops/status${String(posted.headers.location)}`);

    expect(posted.headers.location).toBe('?replayed=0&asked=1');
    expect(after.text).toContain('Nothing was replayed');
  });

  it('answers a failing source with a 500 page that says nothing of the cause, and logs it', async () => {
    const logger = createMemoryLogger();
    const source: StatusPageSource = {
      read: () => Promise.reject(new Error('database is locked at /srv/secret/path')),
      replay: () => Promise.resolve([]),
    };

    const response = await request(appWith(source, logger)).get('/ops/status');

    expect(response.status).toBe(500);
    expect(response.text).toContain('The status could not be read.');
    expect(response.text).not.toContain('/srv/secret');
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'status page failed' }),
    );
  });

  it('refuses a replay token shorter than 16 characters when created', () => {
    expect(() => createStatusPage({ source: fakeSource().source, replayToken: 'short' })).toThrow(
      /at least 16 characters/,
    );
  });
});
