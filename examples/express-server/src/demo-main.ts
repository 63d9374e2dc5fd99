import { createConsoleLogger } from './console-logger.js';
import { formatDemoSummary, runDemo } from './demo.js';
import { demoSteps } from './demo-steps.js';

// Only warnings and errors from the agent itself: the steps tell the story.
const logger = createConsoleLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'error');
console.log(`odoo-plane-sync demo: a fresh sandbox, ${demoSteps.length} scripted steps.\n`);
const summary = await runDemo({ logger });
console.log(formatDemoSummary(summary));
process.exitCode = summary.ok ? 0 : 1;
