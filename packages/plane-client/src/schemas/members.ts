import { z } from 'zod';
import type { PlaneMember, PlaneProjectMembership, PlaneUser } from '../types.js';
import { number, reference, text } from './wire.js';

// Users and memberships.

/** UserLite → PlaneUser. */
export const userSchema = z
  .object({
    id: z.string(),
    email: text,
    display_name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
  })
  .transform((wire): PlaneUser => ({
    id: wire.id,
    email: wire.email,
    displayName: wire.display_name ?? '',
    firstName: wire.first_name ?? '',
    lastName: wire.last_name ?? '',
  }));

/** Workspace or project member → PlaneMember. */
export const memberSchema = z
  .object({
    id: z.string(),
    email: text,
    display_name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    role: number,
  })
  .transform((wire): PlaneMember => ({
    id: wire.id,
    email: wire.email,
    displayName: wire.display_name ?? '',
    firstName: wire.first_name ?? '',
    lastName: wire.last_name ?? '',
    role: wire.role,
  }));

/** ProjectMember row → PlaneProjectMembership. */
export const projectMembershipSchema = z
  .object({ id: z.string(), member: reference, role: z.number() })
  .transform((wire): PlaneProjectMembership => ({
    id: wire.id,
    memberId: wire.member ?? '',
    role: wire.role,
  }));
