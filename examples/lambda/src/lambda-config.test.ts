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
};

describe('loadLambdaConfig', () => {
  it('reads a complete environment with the EFS database path by default', () => {
    const config = loadLambdaConfig(complete)._unsafeUnwrap();

    expect(config).toMatchObject({
      odoo: { url: 'https://odoo.example.com', sourceId: 'prod' },
      databaseFile: '/mnt/sync/sync.db',
      queue: null,
    });
  });

  it('lists every missing variable and never a value', () => {
    const problems = loadLambdaConfig({
      ODOO_API_KEY: 'odoo-secret',
      SYNC_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/standard',
    })._unsafeUnwrapErr();

    expect(problems.problems.map((problem) => problem.variable).sort()).toEqual([
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
