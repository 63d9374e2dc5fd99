import { describe, expect, it } from 'vitest';
import {
  describeSyncEnvironment,
  formatSyncEnvironmentProblems,
} from './describe-sync-environment.js';
import { clientOptionsOf } from './connection-options.js';
import { readSyncEnvironment, sqliteFileOf } from './read-sync-environment.js';

const live = {
  ODOO_URL: 'https://odoo.example.com/',
  ODOO_DB: 'prod',
  ODOO_LOGIN: 'sync@example.com',
  ODOO_API_KEY: 'odoo-secret-key-value',
  PLANE_URL: 'https://plane.example.com',
  PLANE_API_KEY: 'plane_api_secret_value',
  PLANE_WORKSPACE: 'acme',
  WEBHOOK_TOKEN: 'a'.repeat(32),
  PLANE_WEBHOOK_SECRET: 'plane_wh_secret_value',
};
const options = { defaultDataDir: '.data', resolvePath: (path: string) => `/srv/${path}` };

describe('readSyncEnvironment', () => {
  it('starts the sandbox when no connection variable is set', () => {
    const config = readSyncEnvironment({}, options)._unsafeUnwrap();

    expect(config).toMatchObject({
      mode: 'sandbox',
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/.data',
      timeZone: 'UTC',
      pollIntervalSeconds: 60,
      reconcileIntervalMinutes: 60,
    });
  });

  it('reads a complete live configuration, trimming the URLs and defaulting the source id to the database', () => {
    const config = readSyncEnvironment(
      {
        ...live,
        PORT: '8080',
        SYNC_TIME_ZONE: 'Europe/Berlin',
        GITHUB_STATE_MOVES: 'merged=Done',
        GITHUB_ENTERPRISE_HOST: 'GitHub.Example.com',
      },
      options,
    )._unsafeUnwrap();

    expect(config.mode).toBe('live');
    if (config.mode !== 'live') return;
    expect(config.live.odoo).toMatchObject({ url: 'https://odoo.example.com', sourceId: 'prod' });
    expect(config.live.plane).toMatchObject({ rateLimitPerMinute: 60, edition: 'ce' });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      timeZone: 'Europe/Berlin',
      githubStateMoves: { merged: 'Done' },
      githubEnterpriseHost: 'github.example.com',
    });
  });

  it('reads the ship signal and the stage of each Plane state group', () => {
    const config = readSyncEnvironment(
      {
        SHIP_SIGNAL: 'tag:shipped',
        DEPLOYED_SIGNAL: 'field:x_deployed',
        SHIPPED_AT: 'seen',
        STAGES_BY_GROUP: 'unstarted=To Do, cancelled=-',
      },
      options,
    )._unsafeUnwrap();

    expect(config.ship).toEqual({
      signal: { tag: 'shipped' },
      deployed: { field: 'x_deployed' },
      shippedAt: 'seen',
    });
    expect(config.stagesByGroup).toEqual({ unstarted: 'To Do', cancelled: null });
  });

  it('refuses a ship signal or group it does not know, naming the variables', () => {
    const problems = readSyncEnvironment(
      { SHIP_SIGNAL: 'label:shipped', STAGES_BY_GROUP: 'finished=Done' },
      options,
    )._unsafeUnwrapErr();

    expect(problems.problems.map((problem) => problem.variable).sort()).toEqual([
      'SHIP_SIGNAL',
      'STAGES_BY_GROUP',
    ]);
  });

  it('refuses a partial live configuration instead of falling back to the sandbox, listing every missing variable', () => {
    const problems = readSyncEnvironment(
      { ODOO_URL: 'https://odoo.example.com' },
      options,
    )._unsafeUnwrapErr();

    expect(problems.problems.map((problem) => problem.variable).sort()).toEqual(
      [
        'ODOO_DB',
        'ODOO_LOGIN',
        'ODOO_API_KEY',
        'PLANE_URL',
        'PLANE_API_KEY',
        'PLANE_WORKSPACE',
        'WEBHOOK_TOKEN',
        'PLANE_WEBHOOK_SECRET',
      ].sort(),
    );
  });

  it('lists every invalid value at once, by variable name', () => {
    const problems = readSyncEnvironment(
      {
        ...live,
        ODOO_URL: 'odoo.example.com',
        WEBHOOK_TOKEN: 'short',
        PORT: 'eighty',
        SYNC_TIME_ZONE: 'Mars/Olympus',
        POLL_INTERVAL_SECONDS: '-5',
        SLACK_WEBHOOK_URL: 'http://hooks.slack.com/x',
        GITHUB_STATE_MOVES: 'shipped=Done',
        GITHUB_ENTERPRISE_HOST: 'https://github.example.com/',
      },
      options,
    )._unsafeUnwrapErr();

    expect(problems.problems.map((problem) => problem.variable).sort()).toEqual([
      'GITHUB_ENTERPRISE_HOST',
      'GITHUB_STATE_MOVES',
      'ODOO_URL',
      'POLL_INTERVAL_SECONDS',
      'PORT',
      'SLACK_WEBHOOK_URL',
      'SYNC_TIME_ZONE',
      'WEBHOOK_TOKEN',
    ]);
  });

  it('never puts a secret value in a problem or in the printed configuration', () => {
    const secrets = [
      live.ODOO_API_KEY,
      live.PLANE_API_KEY,
      live.WEBHOOK_TOKEN,
      live.PLANE_WEBHOOK_SECRET,
      'https://hooks.slack.com/services/T000/B000/XXXXSECRET',
      'github-secret-value-1234',
    ];
    const environment = {
      ...live,
      SLACK_WEBHOOK_URL: secrets[4],
      GITHUB_WEBHOOK_SECRET: secrets[5],
    };
    const broken = readSyncEnvironment({ ...environment, PORT: 'x', ODOO_URL: 'nope' }, options);
    const printed = describeSyncEnvironment(
      readSyncEnvironment(environment, options)._unsafeUnwrap(),
    );

    const text = `${formatSyncEnvironmentProblems(broken._unsafeUnwrapErr())}\n${JSON.stringify(printed)}`;
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(printed).toMatchObject({ ODOO_API_KEY: 'set', SLACK_WEBHOOK_URL: 'set' });
  });

  it('refuses URLs with user info, naming the variable without printing the password', () => {
    const problems = readSyncEnvironment(
      {
        ...live,
        ODOO_URL: 'http://admin:odoo-url-password@odoo.example.com',
        PLANE_URL: 'https://bot@plane.example.com',
      },
      options,
    )._unsafeUnwrapErr();

    expect(problems.problems).toEqual([
      {
        variable: 'ODOO_URL',
        message: expect.stringContaining('must not contain a user name or password') as unknown,
      },
      {
        variable: 'PLANE_URL',
        message: expect.stringContaining('must not contain a user name or password') as unknown,
      },
    ]);
    expect(formatSyncEnvironmentProblems(problems)).not.toContain('odoo-url-password');
  });

  it('honours SYNC_MODE=sandbox even when connection variables are present', () => {
    const config = readSyncEnvironment({ ...live, SYNC_MODE: 'sandbox' }, options)._unsafeUnwrap();

    expect(config.mode).toBe('sandbox');
  });

  it('keeps the store in SQLite under DATA_DIR unless DATABASE_URL is set', () => {
    const environment = readSyncEnvironment(live, options)._unsafeUnwrap();

    expect(environment.store).toEqual({ kind: 'sqlite' });
    expect(sqliteFileOf(environment)).toBe('/srv/.data/sync.db');
    expect(environment.workerConcurrency).toBe(4);
  });

  it('switches to Postgres + pg-boss with DATABASE_URL, and prints the database without its password', () => {
    const databaseUrl = 'postgres://sync:db-password-value@db.internal:5432/sync?sslmode=require';
    const environment = readSyncEnvironment(
      { ...live, DATABASE_URL: databaseUrl, QUEUE_SCHEMA: 'sync_queue', WORKER_CONCURRENCY: '8' },
      options,
    )._unsafeUnwrap();

    expect(environment.store).toEqual({
      kind: 'postgres',
      databaseUrl,
      schema: 'ppm',
      queueSchema: 'sync_queue',
      jobTimeoutSeconds: 900,
    });
    expect(environment.workerConcurrency).toBe(8);
    const printed = JSON.stringify(describeSyncEnvironment(environment));
    expect(printed).toContain('postgres db.internal:5432/sync (schema ppm, queue sync_queue)');
    expect(printed).not.toContain('db-password-value');
  });

  it('refuses a DATABASE_URL that is not a Postgres URL, and one given to the sandbox, without echoing it', () => {
    const notPostgres = readSyncEnvironment(
      { ...live, DATABASE_URL: 'mysql://root:db-secret@db/sync', DATABASE_SCHEMA: 'Bad-Name' },
      options,
    )._unsafeUnwrapErr();
    const sandbox = readSyncEnvironment(
      { DATABASE_URL: 'postgres://root:db-secret@db/sync' },
      options,
    )._unsafeUnwrapErr();

    expect(notPostgres.problems.map((problem) => problem.variable).sort()).toEqual([
      'DATABASE_SCHEMA',
      'DATABASE_URL',
    ]);
    expect(sandbox.problems.map((problem) => problem.variable)).toEqual(['DATABASE_URL']);
    const text = `${formatSyncEnvironmentProblems(notPostgres)}\n${formatSyncEnvironmentProblems(sandbox)}`;
    expect(text).not.toContain('db-secret');
  });
});

describe('clientOptionsOf', () => {
  it("turns the live connection into both clients' options, the key's rate as the budget", () => {
    const config = readSyncEnvironment(
      { ...live, PLANE_RATE_LIMIT_PER_MINUTE: '120' },
      options,
    )._unsafeUnwrap();
    if (config.mode !== 'live') throw new Error('expected the live mode');

    expect(clientOptionsOf(config.live)).toEqual({
      odoo: {
        baseUrl: 'https://odoo.example.com',
        db: 'prod',
        login: 'sync@example.com',
        apiKey: 'odoo-secret-key-value',
      },
      plane: {
        baseUrl: 'https://plane.example.com',
        apiKey: 'plane_api_secret_value',
        workspaceSlug: 'acme',
        edition: 'ce',
        rateLimit: { requests: 120, windowMs: 60_000 },
      },
    });
  });
});
