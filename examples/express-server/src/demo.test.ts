import { describe, expect, it } from 'vitest';
import { createConsoleLogger } from './console-logger.js';
import { formatDemoSummary, runDemo } from './demo.js';

describe('runDemo', () => {
  it('runs every scripted step on a fresh sandbox and passes each check', async () => {
    const logger = createConsoleLogger('error', () => undefined);

    const summary = await runDemo({ logger });

    const text = formatDemoSummary(summary);
    expect(summary.steps.map((step) => step.title)).toEqual([
      'Start: sandbox seeded and synced',
      'Create in Odoo → appears in Plane',
      'A person moves it to Done in Plane → Odoo stage + ship review',
      'An Odoo-owned field edited in Plane → reverted and logged',
      'A GitHub pull request → link and comment on the work item',
      'A Plane outage → retries, alert, recovery',
      'Lost webhooks → reconciliation repairs the drift',
    ]);
    expect(text).not.toContain('FAIL');
    expect(summary.ok).toBe(true);
    expect(text).toContain('All 7 steps passed.');
  });
});
