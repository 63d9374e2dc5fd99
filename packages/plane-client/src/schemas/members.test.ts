import { describe, expect, it } from 'vitest';
import { memberSchema, userSchema } from './members.js';

const wireUser = {
  id: 'u1',
  email: 'ada@example.com',
  display_name: 'ada',
  first_name: null,
  avatar_url: 'https://example.com/ada.png',
};

describe('userSchema', () => {
  it('reads UserLite, empty names as empty strings, other keys dropped', () => {
    expect(userSchema.parse(wireUser)).toStrictEqual({
      id: 'u1',
      email: 'ada@example.com',
      displayName: 'ada',
      firstName: '',
      lastName: '',
    });
  });
});

describe('memberSchema', () => {
  it('reads the same user fields plus the role', () => {
    expect(memberSchema.parse({ ...wireUser, role: 15 })).toStrictEqual({
      id: 'u1',
      email: 'ada@example.com',
      displayName: 'ada',
      firstName: '',
      lastName: '',
      role: 15,
    });
  });

  it('keeps a member without a role, as project member lists send them', () => {
    expect(memberSchema.parse(wireUser)).toMatchObject({ id: 'u1', role: null });
  });
});
