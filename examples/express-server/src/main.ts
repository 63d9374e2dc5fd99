import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import {
  describeSyncEnvironment,
  formatSyncEnvironmentProblems,
  readSyncEnvironment,
} from '@odoo-plane-sync/agent';
import { createConsoleLogger } from './console-logger.js';
import { readStatusPageToken } from './status-page-setting.js';
import { formatStartupSummary } from './startup-summary.js';
import { startSyncAgent } from './sync-agent.js';

// Relative paths (DATA_DIR) are taken from this example's directory, wherever the command runs from.
const exampleDir = fileURLToPath(new URL('..', import.meta.url));

const config = readSyncEnvironment(process.env, {
  defaultDataDir: '.data',
  resolvePath: (path) => resolve(exampleDir, path),
});
const statusPageToken = readStatusPageToken(process.env);
if (config.isErr() || statusPageToken.isErr()) {
  const problems = [
    ...(config.isErr() ? config.error.problems : []),
    ...(statusPageToken.isErr() ? [statusPageToken.error] : []),
  ];
  console.error(formatSyncEnvironmentProblems({ kind: 'invalid-environment', problems }));
  process.exit(2);
}
const logger = createConsoleLogger(config.value.logLevel);
logger.info('starting', {
  ...describeSyncEnvironment(config.value),
  STATUS_PAGE_TOKEN: statusPageToken.value === null ? 'not set' : 'set',
});

const agent = await startSyncAgent(config.value, {
  logger,
  statusPageToken: statusPageToken.value,
});
let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  logger.info('stopping', { signal });
  agent.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error('stop failed', { error: error instanceof Error ? error.message : 'unknown' });
      process.exit(1);
    },
  );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));

const backfill = await agent.backfill;
console.log(formatStartupSummary(agent, backfill));
