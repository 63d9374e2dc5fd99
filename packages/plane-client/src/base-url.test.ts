import { describe, expect, it } from 'vitest';
import { createPlaneClient } from './plane-client.js';

describe('createPlaneClient base URL', () => {
  it('refuses user info in baseUrl without printing the password', () => {
    const build = () =>
      createPlaneClient({
        baseUrl: 'https://bot:s3cret-password@plane.example.com',
        apiKey: 'plane_api_0123456789',
        workspaceSlug: 'acme',
      });

    let thrown: unknown;
    try {
      build();
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(TypeError);
    expect(String(thrown)).toMatch(/must not contain a user name or password/);
    expect(String(thrown)).toContain('https://plane.example.com/');
    expect(String(thrown)).not.toContain('s3cret-password');
  });

  it('accepts a plain base URL', () => {
    expect(() =>
      createPlaneClient({
        baseUrl: 'https://plane.example.com',
        apiKey: 'plane_api_0123456789',
        workspaceSlug: 'acme',
      }),
    ).not.toThrow();
  });
});
