import { z } from 'zod';
import type { PlaneMember, PlaneProjectMembership, PlaneUser } from '../types.js';
import { number, reference, text } from './wire.js';

// Users and memberships.

/** UserLite as Plane sends it; a member row carries the same fields and its role. */
const userWire = z.object({
  id: z.string(),
  email: text,
  display_name: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
});

function userFromWire(wire: z.infer<typeof userWire>): PlaneUser {
  return {
    id: wire.id,
    email: wire.email,
    displayName: wire.display_name ?? '',
    firstName: wire.first_name ?? '',
    lastName: wire.last_name ?? '',
  };
}

/** UserLite → PlaneUser. */
export const userSchema = userWire.transform(userFromWire);

/** Workspace or project member → PlaneMember. */
export const memberSchema = userWire
  .extend({ role: number })
  .transform((wire): PlaneMember => ({ ...userFromWire(wire), role: wire.role }));

/** ProjectMember row → PlaneProjectMembership. */
export const projectMembershipSchema = z
  .object({ id: z.string(), member: reference, role: z.number() })
  .transform((wire): PlaneProjectMembership => ({
    id: wire.id,
    memberId: wire.member ?? '',
    role: wire.role,
  }));
