import { describe, expect, it } from 'vitest';
import type { UpstreamFailure } from './ports.js';
import { describeSyncError } from './sync-error.js';

const plane = (operation: string, failure: UpstreamFailure) =>
  describeSyncError({ kind: 'upstream', system: 'plane', operation, failure });
const odoo = (operation: string, failure: UpstreamFailure) =>
  describeSyncError({ kind: 'upstream', system: 'odoo', operation, failure });

describe('describeSyncError', () => {
  it.each([
    [
      'Plane non_field_errors (the empty-description 400)',
      plane('create work item', {
        kind: 'http',
        status: 400,
        body: { non_field_errors: ['Invalid HTML passed'] },
      }),
      'plane create work item failed: http 400: Invalid HTML passed',
    ],
    [
      'Plane detail (a wrong key)',
      plane('detect capabilities', {
        kind: 'http',
        status: 403,
        body: { detail: 'Given API token is not valid' },
      }),
      'plane detect capabilities failed: http 403: Given API token is not valid',
    ],
    [
      'Plane error',
      plane('add work item to cycle', {
        kind: 'http',
        status: 404,
        body: { error: 'The requested resource does not exist.' },
      }),
      'plane add work item to cycle failed: http 404: The requested resource does not exist.',
    ],
    [
      'Plane field errors, nested per index',
      plane('create link', {
        kind: 'http',
        status: 400,
        body: {
          url: ['Invalid URL format.'],
          labels: { '0': ['Invalid pk "x" - object does not exist.'] },
        },
      }),
      'plane create link failed: http 400: url: Invalid URL format.; labels: 0: Invalid pk "x" - object does not exist.',
    ],
    [
      'a Plane redirect',
      plane('detect capabilities', {
        kind: 'redirect',
        status: 307,
        location: 'https://plane.example.com/api/v1/users/me/',
      }),
      'plane detect capabilities failed: redirect 307: redirected to https://plane.example.com/api/v1/users/me/',
    ],
    [
      'an Odoo rpc error (name + message)',
      odoo('schedule ship review', {
        kind: 'rpc',
        name: 'odoo.exceptions.AccessError',
        message:
          "You are not allowed to access 'Models' (ir.model) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Access Rights",
        status: 403,
      }),
      "odoo schedule ship review failed: rpc 403: AccessError: You are not allowed to access 'Models' (ir.model) records. This operation is allowed for the following groups: - Administration/Access Rights",
    ],
    [
      'an odoo-client rpc error, whose message starts with the exception name',
      odoo('read project.task', {
        kind: 'rpc',
        name: 'odoo.exceptions.AccessDenied',
        message: 'odoo.exceptions.AccessDenied: Access Denied',
        retryable: false,
      }),
      'odoo read project.task failed: rpc: AccessDenied: Access Denied',
    ],
    [
      'an odoo-client http error: its message without the repeated status, else the page title',
      odoo('detect capabilities', {
        kind: 'http',
        status: 404,
        message: 'HTTP 404 (an HTML page)',
        body: '<html><head><title>404 | Page not found</title></head><body></body></html>',
      }),
      'odoo detect capabilities failed: http 404: 404 | Page not found',
    ],
    [
      'an odoo-client redirect (its Location, without user info)',
      odoo('detect capabilities', {
        kind: 'redirect',
        status: 308,
        location: 'https://admin:hunter2@odoo.example.com/web/version',
        message: 'HTTP 308 redirect to https://odoo.example.com/web/version not followed: …',
      }),
      'odoo detect capabilities failed: redirect 308: redirected to https://odoo.example.com/web/version',
    ],
    [
      'an Odoo JSON-2 error body kept as text',
      odoo('read project.task', {
        kind: 'http',
        status: 401,
        body: '{"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey", "arguments": []}',
      }),
      'odoo read project.task failed: http 401: Unauthorized: Invalid apikey',
    ],
    [
      'an Odoo JSON-RPC error envelope kept as text',
      odoo('write project.task', {
        kind: 'http',
        status: 200,
        body: '{"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "message": "Odoo Server Error", "data": {"name": "odoo.exceptions.ValidationError", "message": "Invalid stage"}}}',
      }),
      'odoo write project.task failed: http 200: ValidationError: Invalid stage',
    ],
    [
      'an HTML error page (its title only)',
      odoo('detect capabilities', {
        kind: 'http',
        status: 404,
        body: '<!DOCTYPE html><html><head><title>404 | Page not found</title></head><body>…</body></html>',
      }),
      'odoo detect capabilities failed: http 404: 404 | Page not found',
    ],
    [
      'no reason at all',
      plane('list states', { kind: 'network' }),
      'plane list states failed: network',
    ],
  ])('includes the server’s reason: %s', (_case, described, expected) => {
    expect(described).toBe(expected);
  });

  it('keeps the reason to one line of about 200 characters', () => {
    const described = plane('update work item', {
      kind: 'http',
      status: 400,
      body: { error: `first line\n${'x'.repeat(500)}` },
    });

    const reason = described.slice('plane update work item failed: http 400: '.length);
    expect(described).not.toContain('\n');
    expect(reason).toHaveLength(200);
    expect(reason.endsWith('…')).toBe(true);
  });

  it('redacts what looks like a credential in the server’s message', () => {
    const described = plane('create work item', {
      kind: 'http',
      status: 400,
      body: { error: 'Bad header X-Api-Key: plane_api_0123abcd, token=s3cr3t, Bearer abc.def' },
    });

    expect(described).toBe(
      'plane create work item failed: http 400: Bad header X-Api-Key: <redacted>, token=<redacted>, Bearer <redacted>',
    );
  });
});
