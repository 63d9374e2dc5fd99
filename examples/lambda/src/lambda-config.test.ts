import { describe, expect, it } from 'vitest';
import { loadLambdaConfig } from './lambda-config.js';

const complete = {
  ODOO_URL: 'https://odoo.example.com/',
  ODOO_DB: 'prod',
  ODOO_LOGIN: 'sync@example.com',
  ODOO_API_KEY: 'odoo-secret',
  PLANE_URL: 'https://plane.example.com',
  PLANE_API_KEY: 'plane-secret',
  PLANE_WORKSPACE: 'acme',
  WEBHOOK_TOKEN: 'x'.repeat(32),
  PLANE_WEBHOOK_SECRET: 'plane_wh_secret',
  DATABASE_URL: 'postgres://sync:db-secret@db.example.com:5432/sync?sslmode=verify-full',
};

describe('loadLambdaConfig', () => {
  it('reads a complete environment with the Postgres store in the ppm schema by default', () => {
    const config = loadLambdaConfig(complete)._unsafeUnwrap();

    expect(config).toMatchObject({
      odoo: { url: 'https://odoo.example.com', sourceId: 'prod' },
      database: { url: complete.DATABASE_URL, schema: 'ppm' },
      queue: null,
    });
  });

  it('refuses a database URL that is not Postgres, without showing it', () => {
    const problems = loadLambdaConfig({
      ...complete,
      DATABASE_URL: 'mysql://sync:db-secret@db.example.com/sync',
      DATABASE_SCHEMA: 'Sync-Schema',
    })._unsafeUnwrapErr();

    expect(problems.problems).toEqual([
      { variable: 'DATABASE_URL', message: 'a postgres:// connection string' },
      { variable: 'DATABASE_SCHEMA', message: 'a lower-case Postgres identifier' },
    ]);
    expect(JSON.stringify(problems)).not.toContain('db-secret');
  });

  it('lists every missing variable and never a value', () => {
    const problems = loadLambdaConfig({
      ODOO_API_KEY: 'odoo-secret',
      SYNC_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/standard',
    })._unsafeUnwrapErr();

    expect(problems.problems.map((problem) => problem.variable).sort()).toEqual([
      'DATABASE_URL',
      'ODOO_DB',
      'ODOO_LOGIN',
      'ODOO_URL',
      'PLANE_API_KEY',
      'PLANE_URL',
      'PLANE_WEBHOOK_SECRET',
      'PLANE_WORKSPACE',
      'SYNC_QUEUE_URL',
      'WEBHOOK_TOKEN',
    ]);
    expect(JSON.stringify(problems)).not.toContain('odoo-secret');
  });

  it('needs the region with a queue', () => {
    const problems = loadLambdaConfig({
      ...complete,
      SYNC_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/jobs.fifo',
    })._unsafeUnwrapErr();

    expect(problems.problems).toEqual([
      { variable: 'AWS_REGION', message: 'is required with SYNC_QUEUE_URL' },
    ]);
  });
});
