import { describe, expect, it } from 'vitest';
import { readStatusPageToken } from './status-page-setting.js';

describe('readStatusPageToken', () => {
  it('leaves the page off when STATUS_PAGE_TOKEN is unset or blank', () => {
    expect(readStatusPageToken({})._unsafeUnwrap()).toBeNull();
    expect(readStatusPageToken({ STATUS_PAGE_TOKEN: '  ' })._unsafeUnwrap()).toBeNull();
  });

  it('takes a token of 16 characters or more', () => {
    const token = 'a-long-enough-token';

    expect(readStatusPageToken({ STATUS_PAGE_TOKEN: ` ${token} ` })._unsafeUnwrap()).toBe(token);
  });

  it('refuses a short token, naming the variable and not the value', () => {
    const problem = readStatusPageToken({ STATUS_PAGE_TOKEN: 'hunter2' })._unsafeUnwrapErr();

    expect(problem.variable).toBe('STATUS_PAGE_TOKEN');
    expect(problem.message).toContain('at least 16 characters');
    expect(problem.message).not.toContain('hunter2');
  });
});
