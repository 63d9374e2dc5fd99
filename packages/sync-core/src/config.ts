import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { defaultOwnership, workItemFields, type OwnershipMatrix } from './rules/ownership.js';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #22c55e');
const planePriority = z.enum(['urgent', 'high', 'medium', 'low', 'none']);
const planeStateGroup = z.enum([
  'backlog',
  'unstarted',
  'started',
  'completed',
  'cancelled',
  'triage',
]);
/** Plane state group → Odoo stage name; `null` leaves the stage as it is, on purpose (no warning). */
const stagesByGroup = z.partialRecord(planeStateGroup, z.string().min(1).nullable());
const fieldName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'an Odoo field name such as x_shipped');
const byField = z.strictObject({ field: fieldName });
const byTag = z.strictObject({ tag: z.string().min(1) });

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The engine's configuration, validated once at start. */
export const syncConfigSchema = z.object({
  plane: z.object({
    /** Plane workspace slug. */
    workspaceSlug: z.string().min(1),
    /**
     * Which Plane runs there: `community` (CE, self-hosted; no public relation removal), `commercial`
     * (Cloud / Pro / Business; `relations/remove/` exists), or `detect`: probe once and keep the answer in
     * the sync state store, so later starts make no probe (CE answers the probe with a 404).
     */
    edition: z.enum(['community', 'commercial', 'detect']).default('detect'),
  }),
  odoo: z.object({
    /**
     * Names this Odoo instance in Plane's `external_source` (`odoo:<sourceId>:<model>`); the database name is
     * the natural choice. Changing it later makes existing Plane items unrecognisable.
     */
    sourceId: z
      .string()
      .min(1)
      .regex(/^[^:\s]+$/, 'no colons or spaces'),
  }),
  /** Who owns each work-item field; unspecified fields keep the default (Odoo structure, Plane execution). */
  ownership: z
    .partialRecord(z.enum(workItemFields), z.enum(['odoo', 'plane']))
    .default({})
    .transform((overrides): OwnershipMatrix => ({ ...defaultOwnership, ...overrides })),
  /**
   * Odoo stage ↔ Plane state. Odoo → Plane: explicit pairs by Odoo stage name win; otherwise a Plane state
   * with the same name (case-insensitive); otherwise a state of the group guessed from the stage name;
   * otherwise the project's default state. Plane → Odoo: the explicit pair by Plane state name, else the
   * stage configured for the state's group (`byGroupPerProject`, then `byGroup`), else a stage with the
   * same name, else one whose name suggests the group (see `stage-state-map.ts`); what stays unmapped is
   * warned once, recorded and kept in the sync state `state-groups:unmapped`.
   */
  stages: z
    .object({
      /** Odoo stage name → Plane state name. */
      toPlaneState: z.record(z.string(), z.string()).default({}),
      /** Plane state name → Odoo stage name (Plane → Odoo direction). */
      toOdooStage: z.record(z.string(), z.string()).default({}),
      /** Plane state group → Odoo stage name, for every project. */
      byGroup: stagesByGroup.default({}),
      /** Odoo project id → group → stage name, for that project (wins over `byGroup`). */
      byGroupPerProject: z
        .record(z.string().regex(/^\d+$/, 'an Odoo project id'), stagesByGroup)
        .default({}),
    })
    .default({ toPlaneState: {}, toOdooStage: {}, byGroup: {}, byGroupPerProject: {} }),
  /** Odoo priority key → Plane priority, per Odoo scale; defaults documented in `priority-map.ts`. */
  priorities: z
    .object({
      twoLevel: z.record(z.string(), planePriority).optional(),
      fourLevel: z.record(z.string(), planePriority).optional(),
    })
    .default({}),
  users: z
    .object({
      /** Odoo user id (as a string key) → Plane user id. */
      explicit: z
        .record(z.string().regex(/^\d+$/, 'an Odoo user id'), z.string().min(1))
        .default({}),
      /** Match remaining users by e-mail against Plane's workspace members. */
      matchByEmail: z.boolean().default(true),
    })
    .default({ explicit: {}, matchByEmail: true }),
  /** IANA zone in which Odoo datetimes become Plane dates (Odoo 17+ `date_deadline` is a UTC datetime). */
  timeZone: z
    .string()
    .refine(isValidTimeZone, 'an IANA time zone such as Europe/Berlin')
    .default('UTC'),
  cycles: z
    .object({
      /** Length of a cycle whose start cannot be derived from a previous milestone or the project start. */
      defaultLengthDays: z.number().int().min(1).max(365).default(14),
    })
    .default({ defaultLengthDays: 14 }),
  labels: z
    .object({
      shipped: z
        .object({ name: z.string().min(1), color: hexColor })
        .default({ name: 'shipped', color: '#22c55e' }),
      deployed: z
        .object({ name: z.string().min(1), color: hexColor })
        .default({ name: 'deployed', color: '#3b82f6' }),
      /** Marks a work item whose Odoo task was archived (nothing is deleted without a command). */
      archivedInOdoo: z
        .object({ name: z.string().min(1), color: hexColor })
        .default({ name: 'archived-in-odoo', color: '#9ca3af' }),
      /** Marks a work item whose Odoo task was deleted. */
      deletedInOdoo: z
        .object({ name: z.string().min(1), color: hexColor })
        .default({ name: 'deleted-in-odoo', color: '#ef4444' }),
      /** Marks the old work item of a task moved to another Odoo project (Plane cannot move it). */
      movedInOdoo: z
        .object({ name: z.string().min(1), color: hexColor })
        .default({ name: 'moved-in-odoo', color: '#f59e0b' }),
    })
    .default({
      shipped: { name: 'shipped', color: '#22c55e' },
      deployed: { name: 'deployed', color: '#3b82f6' },
      archivedInOdoo: { name: 'archived-in-odoo', color: '#9ca3af' },
      deletedInOdoo: { name: 'deleted-in-odoo', color: '#ef4444' },
      movedInOdoo: { name: 'moved-in-odoo', color: '#f59e0b' },
    }),
  /** The ship review Plane "Done" asks Odoo for (a to-do activity; it never ships by itself). */
  shipReview: z
    .object({
      /** Odoo user who reviews; default: the project manager. */
      reviewerUserId: z.number().int().positive().optional(),
      summary: z.string().min(1).default('Ship review'),
      dueInDays: z.number().int().min(0).max(90).default(2),
    })
    .default({ summary: 'Ship review', dueInDays: 2 }),
  /** Retries of one job on retryable failures (decision 7), on the injected clock. */
  retry: z
    .object({
      attempts: z.number().int().min(1).max(20).default(5),
      baseDelayMs: z.number().int().min(0).default(1_000),
      maxDelayMs: z.number().int().min(0).default(60_000),
      /**
       * A record an Odoo webhook announced but `read` does not return yet: Odoo 17 and 18 post webhooks
       * before their transaction commits. Re-read with a growing delay (1, 2, 4, 8 s by default) before the
       * not-found counts as a failure.
       */
      notCommittedYet: z
        .object({
          attempts: z.number().int().min(1).max(20).default(5),
          baseDelayMs: z.number().int().min(0).default(1_000),
          maxDelayMs: z.number().int().min(0).default(8_000),
        })
        .default({ attempts: 5, baseDelayMs: 1_000, maxDelayMs: 8_000 }),
    })
    .default({
      attempts: 5,
      baseDelayMs: 1_000,
      maxDelayMs: 60_000,
      notCommittedYet: { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 8_000 },
    }),
  /** Where ops hear about failing entities: one work item per failing streak in this Plane project. */
  ops: z.object({ planeProjectId: z.string().min(1).optional() }).default({}),
  /** Plane state name used for shipped work; default: the first state of the `completed` group. */
  doneStateName: z.string().min(1).optional(),
  /**
   * What says "shipped" in Odoo (stock Odoo has no ship field), checked at start-up (`ship-signal.ts`):
   * `signal` a boolean task field, a stage or a tag (`'auto'`: a boolean `is_shipped`/`x_shipped` field if
   * `fields_get` shows one, else ship events are off); `deployed` a field (boolean or x2many) or a tag
   * (`'auto'`: `deployment_ids` if present); `shippedAt` a date/datetime field or `'seen'`, the time the
   * sync saw the signal (`'auto'`: `shipped_at` if present, else seen).
   */
  ship: z
    .object({
      signal: z
        .union([
          z.enum(['auto', 'off']),
          byField,
          z.strictObject({ stage: z.string().min(1) }),
          byTag,
        ])
        .default('auto'),
      deployed: z.union([z.enum(['auto', 'off']), byField, byTag]).default('auto'),
      shippedAt: z.union([z.enum(['auto', 'seen']), byField]).default('auto'),
    })
    .default({ signal: 'auto', deployed: 'auto', shippedAt: 'auto' }),
});

/** What callers pass (defaults optional). */
export type SyncConfigInput = z.input<typeof syncConfigSchema>;
/** The validated configuration with every default filled in. */
export type SyncConfig = z.output<typeof syncConfigSchema>;

/** Every problem found in a configuration, each with its path. */
export interface InvalidConfig {
  readonly kind: 'invalid-config';
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

/**
 * Validates a configuration and fills in defaults; a bad one is refused with every problem listed.
 *
 * @example
 * const config = parseSyncConfig({ plane: { workspaceSlug: 'acme' }, odoo: { sourceId: 'prod' } });
 */
export function parseSyncConfig(input: unknown): Result<SyncConfig, InvalidConfig> {
  const parsed = syncConfigSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err({
    kind: 'invalid-config',
    problems: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    })),
  });
}
