import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createOdooSimulator, createPlaneSimulator } from '@odoo-plane-sync/testkit';
import type * as EmbeddingModule from '../../agent/examples/express-embedding.js';

const run = promisify(execFile);
const embeddingFile = new URL('../../agent/examples/express-embedding.ts', import.meta.url);
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const workspaceModules = join(workspaceRoot, 'node_modules');

/** Every package published to npm (all of packages/ but testkit and the test packages). */
const publicPackages = [
  'sync-core',
  'odoo-client',
  'plane-client',
  'store-sqlite',
  'store-postgres',
  'queue-pgboss',
  'adapter-express',
  'adapter-lambda',
  'agent',
] as const;

/** What the consumer itself depends on, as any TypeScript Express service does. */
const consumerDependencies = ['express', '@types/express', '@types/node', 'typescript'];

/**
 * A strict consumer: an Express app with the sync router, the three Lambda handlers, the clients and
 * the store. `IsAny` catches a handler whose event type silently became `any` (what `skipLibCheck` hid
 * when `aws-lambda`'s types were not installed with the adapter).
 */
const consumerSource = `
import express from 'express';
import { createSyncRouter, keepRawBody } from '@odoo-plane-sync/adapter-express';
import {
  createScheduledHandler,
  createSqsHandler,
  createWebhookHandler,
} from '@odoo-plane-sync/adapter-lambda';
import { createOdooClient } from '@odoo-plane-sync/odoo-client';
import { createPlaneClient } from '@odoo-plane-sync/plane-client';
import { createSqliteStores } from '@odoo-plane-sync/store-sqlite';
import { createPostgresStores } from '@odoo-plane-sync/store-postgres';
import * as pgBossQueue from '@odoo-plane-sync/queue-pgboss';
import { createSyncEngine, createWebhookIngestor } from '@odoo-plane-sync/sync-core';
import { createInMemoryInbox } from '@odoo-plane-sync/sync-core/testing';

type IsAny<T> = 0 extends 1 & T ? true : false;

const ingestor = createWebhookIngestor({
  inbox: createInMemoryInbox(),
  clock: { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
  secrets: { planeWebhookSecret: 'secret' },
});
const app = express();
app.use(express.json({ verify: keepRawBody }));
app.use('/sync', createSyncRouter({ ingestor, status: async () => ({}), routes: { readiness: false } }));

const webhook = createWebhookHandler({ ingestor });
const webhookEventIsTyped: IsAny<Parameters<typeof webhook>[0]> = false;
const method: string = (null as unknown as Parameters<typeof webhook>[0]).requestContext.http.method;
const sqsEventIsTyped: IsAny<Parameters<ReturnType<typeof createSqsHandler>>[0]> = false;
const scheduledIsTyped: IsAny<Parameters<ReturnType<typeof createScheduledHandler>>[0]> = false;

export const consumer = {
  app,
  method,
  checks: [webhookEventIsTyped, sqsEventIsTyped, scheduledIsTyped],
  factories: [createOdooClient, createPlaneClient, createSqliteStores, createPostgresStores, createSyncEngine],
  pgBossQueue,
};
`;

interface PackedFile {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

let project = '';
let packed: PackedFile[] = [];

/** Links a dependency from the workspace's node_modules into the throw-away project (no network). */
function linkDependency(name: string): void {
  const target = join(project, 'node_modules', name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(workspaceModules, name), target, 'dir');
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'odoo-plane-sync-consumer-'));
  const { stdout } = await run(
    'npm',
    [
      'pack',
      '--json',
      '--pack-destination',
      project,
      ...publicPackages.flatMap((name) => ['-w', `@odoo-plane-sync/${name}`]),
    ],
    { cwd: workspaceRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  packed = JSON.parse(stdout) as PackedFile[];

  const linked = new Set<string>();
  for (const name of publicPackages) {
    const tarball = packed.find((file) => file.filename.startsWith(`odoo-plane-sync-${name}-`));
    if (tarball === undefined) throw new Error(`npm pack made no tarball of ${name}`);
    const unpacked = join(project, 'node_modules', '@odoo-plane-sync', name);
    mkdirSync(unpacked, { recursive: true });
    await run('tar', [
      '-xzf',
      join(project, tarball.filename),
      '-C',
      unpacked,
      '--strip-components=1',
    ]);
    // Only what the tarball declares: a type dependency kept in devDependencies stays missing here.
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
    })) {
      if (!dependency.startsWith('@odoo-plane-sync/')) linked.add(dependency);
    }
  }
  for (const dependency of new Set([...linked, ...consumerDependencies]))
    linkDependency(dependency);

  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'strict-consumer', private: true, type: 'module' }),
  );
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        skipLibCheck: false,
        noEmit: true,
        types: ['node'],
      },
      files: ['consumer.ts', 'embedding.ts'],
    }),
  );
  writeFileSync(join(project, 'consumer.ts'), consumerSource);
  // The README's embedding, compiled to JavaScript against the tarballs (not the workspace sources).
  writeFileSync(join(project, 'embedding.ts'), readFileSync(embeddingFile, 'utf8'));
  writeFileSync(
    join(project, 'tsconfig.embedding.json'),
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { noEmit: false, outDir: 'out' },
      files: ['embedding.ts'],
    }),
  );
}, 300_000);

afterAll(() => {
  if (project !== '') rmSync(project, { recursive: true, force: true });
});

describe('the published packages', () => {
  it('compile in a strict NodeNext consumer with skipLibCheck off, with no any leaking in', async () => {
    const tsc = join(workspaceModules, 'typescript', 'bin', 'tsc');

    const compiled = await run(process.execPath, [tsc, '-p', project, '--pretty', 'false']).then(
      () => '',
      (failure: { stdout?: string; stderr?: string }) =>
        `${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    );

    expect(compiled).toBe('');
  }, 300_000);

  it.each(publicPackages)('ships %s with a LICENSE and repository, homepage and bugs', (name) => {
    const tarball = packed.find((file) => file.filename.startsWith(`odoo-plane-sync-${name}-`));
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules', '@odoo-plane-sync', name, 'package.json'), 'utf8'),
    ) as Record<string, unknown>;

    expect(tarball?.files.map((file) => file.path)).toContain('LICENSE');
    expect(manifest).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', directory: `packages/${name}` },
      homepage: expect.stringContaining(`packages/${name}`) as unknown,
      bugs: { url: expect.stringMatching(/\/issues$/) as unknown },
    });
  });
});

describe('the README embedding, installed from the tarballs', () => {
  const odoo = createOdooSimulator({ version: 17, db: 'embedded' });
  const plane = createPlaneSimulator({ rateLimit: false, workspaceSlug: 'embedded' });
  const odooToken = 'o'.repeat(32);
  const planeWebhookSecret = 'plane_wh_embedded';
  const projectId = odoo.create('project.project', { name: 'Storefront' });
  const stageIds = ['New', 'In Progress', 'Done'].map((name, sequence) =>
    odoo.create('project.task.type', { name, sequence, project_ids: [[6, 0, [projectId]]] }),
  );
  const closers: (() => Promise<unknown>)[] = [];
  let embedding: typeof EmbeddingModule;
  let url = '';

  beforeAll(async () => {
    const tsc = join(workspaceModules, 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', join(project, 'tsconfig.embedding.json')]);
    const [servedOdoo, servedPlane] = await Promise.all([odoo.serve(), plane.serve()]);
    closers.push(
      () => servedOdoo.close(),
      () => servedPlane.close(),
    );
    // What the service reads from its environment, pointed at the simulators served over HTTP.
    Object.assign(process.env, {
      SYNC_DATABASE: ':memory:',
      ODOO_URL: servedOdoo.url,
      ODOO_DB: odoo.db,
      ODOO_LOGIN: odoo.login,
      ODOO_KEY: odoo.apiKey,
      PLANE_URL: servedPlane.url,
      PLANE_KEY: plane.apiKey,
      PLANE_WORKSPACE: plane.workspaceSlug,
      ODOO_WEBHOOK_TOKEN: odooToken,
      PLANE_WEBHOOK_SECRET: planeWebhookSecret,
      PORT: '0',
    });
    embedding = (await import(
      pathToFileURL(join(project, 'out', 'embedding.js')).href
    )) as typeof EmbeddingModule;
    if (!embedding.server.listening) await once(embedding.server, 'listening');
    url = `http://127.0.0.1:${(embedding.server.address() as AddressInfo).port}`;
    closers.unshift(
      () => embedding.agent.stop(),
      () => new Promise((resolve) => embedding.server.close(resolve)),
    );
    // Both systems' webhooks point at the service, as an operator would set them up.
    plane.addWebhook({ url: `${url}/sync/webhooks/plane`, secret: planeWebhookSecret });
    odoo.addWebhookRule({
      model: 'project.task',
      trigger: 'on_create_or_write',
      fields: ['write_date'],
      url: `${url}/sync/webhooks/odoo/${odooToken}`,
    });
    await embedding.agent.start();
  }, 300_000);
  afterAll(async () => {
    for (const close of closers) await close();
  }, 60_000);

  /** Waits for every webhook in flight and every job they caused. */
  async function settle(): Promise<void> {
    await Promise.all([odoo.settleWebhooks(), plane.settleWebhooks()]);
    await embedding.agent.whenIdle();
  }

  it("keeps the host's own routes and its global express.json() working", async () => {
    const created = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'A-1' }),
    });
    const listed = await fetch(`${url}/orders`);

    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ sku: 'A-1' });
    expect(await listed.json()).toEqual([]);
  }, 60_000);

  it("carries an Odoo change to Plane and a person's Plane state change back to the Odoo stage", async () => {
    const taskId = odoo.create('project.task', {
      name: 'Checkout page',
      project_id: projectId,
      stage_id: stageIds[0],
    });
    await settle();
    const mapping = await embedding.agent.stores.mappings.get({
      model: 'project.task',
      odooId: taskId,
    });
    const workItem = plane.getWorkItem(mapping!.planeId!) as { name: string };

    const person = plane.addUser({ email: 'dev@example.com', displayName: 'dev' });
    plane.addProjectMember(mapping!.planeProjectId!, person.id);
    const asPerson = createPlaneClient({
      baseUrl: (process.env.PLANE_URL ?? '').replace(/\/$/, ''),
      apiKey: person.apiKey,
      workspaceSlug: plane.workspaceSlug,
      rateLimit: false,
    });
    const states = (await asPerson.listStates(mapping!.planeProjectId!))._unsafeUnwrap();
    const inProgress = states.find((state) => state.name === 'In Progress')!;
    (
      await asPerson.updateWorkItem(mapping!.planeProjectId!, mapping!.planeId!, {
        stateId: inProgress.id,
      })
    )._unsafeUnwrap();
    await settle();
    const [task] = odoo.read('project.task', [taskId], ['stage_id']);
    const status = (await (await fetch(`${url}/sync/status`)).json()) as {
      inbox: { pending: number; failed: number; dead: number };
    };

    expect(workItem.name).toBe('Checkout page');
    expect(task?.stage_id).toEqual([stageIds[1], 'In Progress']);
    expect(status.inbox).toMatchObject({ pending: 0, failed: 0, dead: 0 });
  }, 120_000);
});
