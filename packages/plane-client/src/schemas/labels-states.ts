import { z } from 'zod';
import type { PlaneLabel, PlaneState } from '../types.js';
import { flag, number, reference, text } from './wire.js';

// Project states and labels.

/** State → PlaneState. */
export const stateSchema = z
  .object({
    id: z.string(),
    project: reference,
    name: z.string(),
    group: z.string(),
    color: z
      .string()
      .nullish()
      .transform((value) => value ?? ''),
    sequence: number,
    default: flag,
    external_id: text,
    external_source: text,
  })
  .transform((wire): PlaneState => ({
    id: wire.id,
    projectId: wire.project,
    name: wire.name,
    group: wire.group,
    color: wire.color,
    sequence: wire.sequence,
    isDefault: wire.default,
    externalId: wire.external_id,
    externalSource: wire.external_source,
  }));

/** Label → PlaneLabel. */
export const labelSchema = z
  .object({
    id: z.string(),
    project: reference,
    name: z.string(),
    color: text,
    parent: reference,
    external_id: text,
    external_source: text,
  })
  .transform((wire): PlaneLabel => ({
    id: wire.id,
    projectId: wire.project,
    name: wire.name,
    color: wire.color,
    parentId: wire.parent,
    externalId: wire.external_id,
    externalSource: wire.external_source,
  }));
