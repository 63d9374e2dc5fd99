import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPollOverlapSeconds, type Logger } from '@odoo-plane-sync/sync-core';
import type { SyncEnvironment } from '@odoo-plane-sync/agent';
import { demoSteps } from './demo-steps.js';
import { createDemoTour, type StepRecorder } from './demo-tour.js';
import { startSyncAgent } from './sync-agent.js';

/** One step of the demo: what was done, what was checked, and whether every check held. */
export interface DemoStep {
  readonly title: string;
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/** The whole run. `ok` is false when any check of any step failed. */
export interface DemoSummary {
  readonly ok: boolean;
  readonly steps: readonly DemoStep[];
}

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  readonly logger: Logger;
  /** Called with each finished step, so a long run shows progress. */
  readonly onStep?: (step: DemoStep) => void;
}

/**
 * The scripted end-to-end tour on a fresh sandbox (simulated Odoo 17 and Plane CE, a temporary SQLite
 * file, webhooks wired both ways): create in Odoo → appears in Plane; a person moves the work item to Done
 * in Plane → the Odoo stage follows and a ship review is asked for; a person renames it in Plane (the name
 * is Odoo's) → reverted and logged; a GitHub pull request → link and comment; a Plane outage → retries,
 * an alert and an ops work item, then recovery; lost webhooks → reconciliation repairs the drift.
 *
 * @example
 * const summary = await runDemo({ logger });
 * process.exitCode = summary.ok ? 0 : 1;
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoSummary> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odoo-plane-sync-demo-'));
  const config: SyncEnvironment = {
    mode: 'sandbox',
    port: 0,
    host: '127.0.0.1',
    dataDir,
    store: { kind: 'sqlite' },
    workerConcurrency: 4,
    timeZone: 'UTC',
    // The demo drives polls and reconciliation itself, so each step shows its own cause.
    pollIntervalSeconds: 0,
    pollOverlapSeconds: defaultPollOverlapSeconds,
    reconcileIntervalMinutes: 0,
    githubWebhookSecret: null,
    githubStateMoves: {},
    slackWebhookUrl: null,
    opsPlaneProjectId: null,
    logLevel: 'warn',
  };
  const agent = await startSyncAgent(config, { logger: options.logger });
  const steps: DemoStep[] = [];
  try {
    const tour = createDemoTour(agent);
    for (const definition of demoSteps) {
      const done = await runStep(definition.title, (recorder) => definition.run(tour, recorder));
      steps.push(done);
      options.onStep?.(done);
    }
  } finally {
    await agent.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { ok: steps.every((done) => done.ok), steps };
}

/** Runs one step's body; a check that fails or an error thrown makes the step fail, not the run. */
async function runStep(
  title: string,
  body: (recorder: StepRecorder) => Promise<void>,
): Promise<DemoStep> {
  const lines: string[] = [];
  let ok = true;
  try {
    await body({
      note: (line) => lines.push(line),
      check: (condition, line) => {
        lines.push(`${condition ? 'ok  ' : 'FAIL'} ${line}`);
        if (!condition) ok = false;
      },
    });
  } catch (error) {
    ok = false;
    lines.push(`FAIL ${error instanceof Error ? error.message : String(error)}`);
  }
  return { title, ok, lines };
}

/**
 * The summary as text: one block per step, a final verdict.
 *
 * @example
 * console.log(formatDemoSummary(await runDemo({ logger })));
 */
export function formatDemoSummary(summary: DemoSummary): string {
  const blocks = summary.steps.map((done, index) =>
    [
      `${index + 1}. ${done.ok ? '✔' : '✘'} ${done.title}`,
      ...done.lines.map((line) => `     ${line}`),
    ].join('\n'),
  );
  const passed = summary.steps.filter((done) => done.ok).length;
  return [
    ...blocks,
    '',
    summary.ok
      ? `All ${passed} steps passed.`
      : `${summary.steps.length - passed} of ${summary.steps.length} steps failed.`,
  ].join('\n');
}
