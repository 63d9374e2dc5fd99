import { postgresSchema } from './postgres-schema.js';
import type { PostgresPool } from './transaction.js';

/**
 * Claims of schedule ticks shared by every worker on the database: the shape of the agent's
 * `ScheduleClaims` port (declared there; this package does not depend on the agent).
 */
export interface PostgresScheduleClaims {
  /** True for exactly one caller per `(schedule, slot)`, false for a slot already claimed or older. */
  claim(schedule: string, slot: number): Promise<boolean>;
}

/** Options of {@link createPostgresScheduleClaims}. */
export interface PostgresScheduleClaimsOptions {
  /** The schema migrated by `applyPostgresMigrations`; default `ppm`. */
  readonly schema?: string;
  /** Stamps `claimed_at` (kept for operators reading the table); default: the system clock. */
  readonly now?: () => number;
}

/**
 * Schedule claims on `<schema>.schedule_claims`: one row per schedule holding the last slot claimed. A
 * claim is one statement that moves the row forward only from an older slot, so of the workers that tick
 * in one slot exactly one sees its row come back (Postgres serialises the competing updates on the row).
 *
 * @example
 * const claims = createPostgresScheduleClaims(pool);
 * if (await claims.claim('odoo-poll', Math.floor(Date.now() / 60_000))) await agent.pollNow();
 */
export function createPostgresScheduleClaims(
  pool: PostgresPool,
  options: PostgresScheduleClaimsOptions = {},
): PostgresScheduleClaims {
  const table = `${postgresSchema(options.schema).quoted}.schedule_claims`;
  const now = options.now ?? (() => Date.now());
  return {
    claim: async (schedule, slot) => {
      const { rows } = await pool.query(
        `INSERT INTO ${table} (schedule, slot, claimed_at) VALUES ($1, $2, $3)
         ON CONFLICT (schedule) DO UPDATE SET slot = EXCLUDED.slot, claimed_at = EXCLUDED.claimed_at
         WHERE ${table}.slot < EXCLUDED.slot
         RETURNING schedule`,
        [schedule, slot, now()],
      );
      return rows.length === 1;
    },
  };
}
