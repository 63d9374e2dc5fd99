import type pg from 'pg';

/** What the stores need from a connection pool: `pg.Pool` satisfies it. */
export type PostgresPool = Pick<pg.Pool, 'query' | 'connect'>;

/**
 * Runs `work` on one pooled connection inside BEGIN … COMMIT, rolling back when it throws. A connection
 * whose rollback itself failed is broken, so it is destroyed instead of going back to the pool.
 */
export async function inTransaction<T>(
  pool: PostgresPool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
