import { faultFamilies, type FaultFamily } from './scenario.js';
import type { FaultRunsReport } from './fault-runs.js';

const describeFamily: Record<FaultFamily, string> = {
  'plane-429-storm':
    'Plane answers 429 RATE_LIMIT_EXCEEDED (Retry-After 1) to 1–4 requests in a row',
  'plane-5xx': 'Plane answers 503 to 1–4 requests in a row',
  'plane-timeout': 'Plane applies a request but the answer never arrives (timeout after the write)',
  'plane-connection-reset': 'the connection to Plane is reset before the request is applied',
  'odoo-5xx': 'Odoo answers HTTP 503 to 1–4 calls in a row',
  'odoo-connection-reset': 'the connection to Odoo fails (network error) before the call runs',
  crash:
    'the sync process dies after 1–4 Plane calls of a drain (the call landed, the answer did not), then restarts',
  'plane-outage': 'every Plane request fails for 1–20 minutes while the inbox keeps draining',
  'odoo-outage': 'every Odoo call fails for 1–20 minutes while the inbox keeps draining',
  'webhook-duplicated': 'a webhook delivery arrives twice',
  'webhook-reordered': 'a batch of webhook deliveries arrives out of order',
  'webhook-lost': 'a webhook delivery never arrives (left to reconciliation)',
  'concurrent-jobs-sharing-parents':
    'a new Odoo project whose task jobs (subtasks of one new parent, in one new milestone, in half the runs each depending on the one before) run at once on one or two workers',
  'clock-skew':
    "Odoo's clock (its write_dates) is up to 10 minutes behind or ahead of the sync's clock",
};

/** The Markdown of `docs/RELIABILITY.md` for one batch of fault runs. */
export function reliabilityMarkdown(
  report: FaultRunsReport,
  environment: {
    readonly machine: string;
    readonly node: string;
    readonly date: string;
    /** The commit the runs were made on (`abc1234`, `+ changes` when the tree was dirty). */
    readonly code: string;
  },
): string {
  const rows = faultFamilies.map(
    (family) =>
      `| \`${family}\` | ${describeFamily[family]} | ${report.runsWithFamily[family]} | ${report.faults[family]} |`,
  );
  return `# Reliability: generated fault runs

Each run builds a small Odoo 17 project (two tasks, one milestone) synced to Plane CE, then plays 1–8 generated
steps — Odoo edits (names, deadlines, a new dependency), Plane edits by a person, webhook deliveries and the
faults below — through the real path: the simulators' webhooks → \`createWebhookIngestor\` → in-memory
inbox → \`createInboxProcessor\` → the engine → the real Odoo and Plane clients → the simulators, on a fake
clock. Its oracle is the sync's promise, checked before any reconciliation:

- every accepted event is applied, or visibly failed and retryable (inbox \`failed\` with its cause) until the
  automatic inbox retries land it once the faults are over (the fake clock is advanced past the outage);
  an event still failed, dead or pending after the retries is **lost**;
- one Plane item per Odoo record (project, cycle, work item): a second one is a **duplicate**;
- both sides agree field by field under the ownership matrix (Odoo-owned fields show Odoo's values in Plane,
  Odoo stages follow Plane states); then a reconciliation finds no drift, and a second one finds none either. A
  disagreement is a **divergence**. When a run lost a webhook delivery on purpose, agreement is checked only
  after the reconciliation that exists to repair it.

Generated with fast-check: the same seed gives the same runs; a failing run is shrunk to a minimal
counterexample and printed.

Reproduce: \`npm run reliability -w @odoo-plane-sync/integration-tests -- --runs ${report.runs} --seed ${report.seed} --write-docs\`.
CI runs the same generator at a reduced count in \`packages/integration-tests/src/reliability.test.ts\`.

## Latest local run

| | |
| --- | --- |
| Date | ${environment.date} |
| Machine | ${environment.machine} |
| Node | ${environment.node} |
| Code | ${environment.code} |
| Seed | ${report.seed} |
| Runs | ${report.runs} |
| Duration | ${(report.durationMs / 1000).toFixed(0)} s |
| **Divergences** | **${report.divergences}** |
| **Duplicates** | **${report.duplicates}** |
| **Lost events** | **${report.lost}** |

## Faults injected

| Family | What happens | Runs with it | Injected |
| --- | --- | --- | --- |
${rows.join('\n')}

"Injected" counts faulted requests for request faults, and occurrences for the others.
${
  report.counterexample === undefined
    ? ''
    : `
## Counterexample

\`\`\`json
${JSON.stringify(report.counterexample, null, 2)}
\`\`\`
`
}
## Known behaviour, not counted as drift

A task with no Odoo stage (the generated race projects have none) takes its Plane item's default state at
the first reconciliation (\`odoo-updated\` drift on \`state\` with an empty Odoo value). The runner does not
count that as a divergence; every other drift is counted.

## Limits

- Clock skew moves Odoo's \`write_date\`s only. The runs feed events through webhooks, and only the Odoo poller
  reads \`write_date\`, so no run yet checks a poll cursor under skew.
- A Plane timeout is an answer lost after Plane applied the request (a network error to the client). The
  client's own timeout runs on real timers, so it is not driven past on the fake clock.
- A run whose webhook delivery was lost on purpose is checked for agreement only after reconciliation.
`;
}
