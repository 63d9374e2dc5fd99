import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCommonSettings } from './agent-test-config.js';
import { createConsoleLogger } from './console-logger.js';
import { startSyncAgent, type SyncAgent } from './sync-agent.js';

/**
 * Debian's `chromium` package (`.ci/run` installs it and exports CHROMIUM_PATH). Under CI=true a missing
 * browser fails the suite; elsewhere it is skipped, saying why.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserMissing = !existsSync(chromiumPath);
if (browserMissing && process.env.CI !== 'true')
  process.stderr.write(
    `status page browser test skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)\n`,
  );

/** Where the screenshots are kept (gitignored), for a person to look at after the run. */
const artifactsDir = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const token = 'status-page-browser-test-token';
const hostileName = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;

let agent: SyncAgent;
let browser: Browser;
let page: Page;
let dataDir: string;
let failedTaskId: number;
let workItemId: string;

/** The failed-events row of the task Plane refuses, and its Replay button. */
const failedRow = () =>
  page.locator('#failed-events tbody tr', { hasText: `project.task:${failedTaskId}` });
const replayButton = () => failedRow().getByRole('button', { name: /Replay/ });

const settle = async (): Promise<void> => {
  const { odoo, plane } = agent.sandbox!;
  await Promise.all([odoo.settleWebhooks(), plane.settleWebhooks()]);
  await agent.whenIdle();
};

if (browserMissing && process.env.CI === 'true')
  it('finds Chromium to run the status page in', () => {
    throw new Error(
      `No Chromium at ${chromiumPath}: CI must install Debian's chromium package (.ci/run does).`,
    );
  });

describe.skipIf(browserMissing)('the status page in headless Chromium', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'odoo-plane-sync-status-page-'));
    // One run and a failed event is a dead letter: only the replay button runs it again.
    agent = await startSyncAgent(
      { mode: 'sandbox', ...testCommonSettings(dataDir, { inboxMaxAttempts: 1 }) },
      { logger: createConsoleLogger('error', () => undefined), statusPageToken: token },
    );
    await agent.backfill;
    await settle();
    await agent.reconcileNow();

    // A task is renamed to markup in Odoo and synced: its name is what the page shows for it.
    const { odoo, plane } = agent.sandbox!;
    const mapping = (await agent.stores.mappings.list({ model: 'project.task' }))[0]!;
    failedTaskId = mapping.key.odooId;
    workItemId = mapping.planeId!;
    odoo.write('project.task', [failedTaskId], { name: hostileName });
    await settle();
    // Then Plane refuses the next rename of its work item: the event is dead-lettered.
    plane.faults.next(
      { method: 'PATCH', path: `/work-items/${workItemId}/` },
      { status: 400, body: { name: ['This field may not be blank.'] } },
      20,
    );
    odoo.write('project.task', [failedTaskId], { name: 'Accessibility audit (WCAG 2.2)' });
    await settle();

    browser = await chromium.launch({ executablePath: chromiumPath, timeout: 120_000 });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders the sandbox: mappings per project, inbox, budget, reconciliation, ledger', async () => {
    const response = await page.goto(agent.statusPageUrl!);

    const portfolio = agent.sandbox!.portfolio;
    const projectRows = page.locator('#projects tbody tr');
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'status-page.png'), fullPage: true });
    expect(response?.status()).toBe(200);
    await expect.poll(() => projectRows.count()).toBe(portfolio.projects.length);
    // Columns: name (as synced to Plane), Odoo id, Plane project, milestones, tasks, pending.
    const rows = await projectRows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
    expect(rows.map((cells) => Number(cells[1])).sort()).toEqual(
      portfolio.projects.map((project) => project.odooId).sort(),
    );
    const sum = (column: number) => rows.reduce((total, cells) => total + Number(cells[column]), 0);
    expect([sum(3), sum(4), sum(5)]).toEqual([portfolio.milestoneCount, portfolio.taskCount, 0]);
    expect(await page.locator('#inbox-dead b').textContent()).toBe(
      String(await agent.stores.inbox.count('dead')),
    );
    expect(await failedRow().locator('.badge').textContent()).toBe('dead');
    expect(await page.locator('#plane-budget').textContent()).toContain('not limited');
    expect(await page.locator('#reconciliation').textContent()).toMatch(/\d+ checked/);
    expect(await page.locator('#ledger tbody tr').count()).toBeGreaterThan(5);
  });

  it('shows a hostile task name as text, never as markup', async () => {
    await page.goto(agent.statusPageUrl!);

    expect(await failedRow().locator('.entity-name').textContent()).toBe(hostileName);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
  });

  it('refuses a replay with a wrong token and leaves the event dead', async () => {
    await page.goto(agent.statusPageUrl!);

    await page.getByLabel('Replay token').fill('not-the-token-at-all');
    await replayButton().click();

    await expect.poll(() => page.locator('.notice').textContent()).toContain('wrong or missing');
    expect(await failedRow().count()).toBe(1);
    expect(
      (await agent.stores.inbox.listFailed(100)).filter(
        (event) => event.entityKey === `project.task:${failedTaskId}`,
      ),
    ).toMatchObject([{ status: 'dead' }]);
  });

  it('replays the failed event with the replay button, and the change reaches Plane', async () => {
    agent.sandbox!.plane.faults.clear();
    await page.goto(agent.statusPageUrl!);

    await page.getByLabel('Replay token').fill(token);
    await replayButton().click();

    await expect.poll(() => page.locator('.notice').textContent()).toContain('Replayed 1 event');
    await page.screenshot({
      path: join(artifactsDir, 'status-page-replayed.png'),
      fullPage: true,
    });
    expect(await failedRow().count()).toBe(0);
    expect(await page.locator('#inbox-dead b').textContent()).toBe(
      String(await agent.stores.inbox.count('dead')),
    );
    expect(agent.sandbox!.plane.getWorkItem(workItemId)).toMatchObject({
      name: 'Accessibility audit (WCAG 2.2)',
    });
  });
});
