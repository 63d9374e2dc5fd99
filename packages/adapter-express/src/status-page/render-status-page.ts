import { html, SafeHtml } from './html.js';
import { absent, badge, type Column, entity, muted, section, table, time } from './page-parts.js';
import type {
  StatusPageBudget,
  StatusPageFailedEvent,
  StatusPageFailure,
  StatusPageLedgerEntry,
  StatusPageProject,
  StatusPageSnapshot,
} from './status-page-source.js';
import { statusPageStyle } from './status-page-style.js';

/** A line shown above the page: what a replay did, or why it did nothing. */
export interface StatusPageNotice {
  readonly kind: 'success' | 'error';
  readonly text: string;
}

/** How the page is drawn besides its data. */
export interface StatusPageView {
  readonly notice?: StatusPageNotice;
  readonly title?: string;
}

/**
 * The status page as one HTML document: no script, one inline stylesheet, every value escaped (see
 * {@link html}). Replay buttons submit one form to the page's own URL with the token the operator types;
 * the token is never written into the page.
 *
 * @example
 * response.type('html').send(renderStatusPage(await source.read(), { title: 'Sync status' }));
 */
export function renderStatusPage(snapshot: StatusPageSnapshot, view: StatusPageView = {}): string {
  const title = view.title ?? 'odoo-plane-sync status';
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        ${styleElement}
      </head>
      <body>
        <header>
          <h1>${title}</h1>
          <p>Read at ${time(snapshot.readAt)} · <a href="">Refresh</a></p>
        </header>
        <main>
          ${view.notice === undefined ? '' : html`<p class="notice ${view.notice.kind}" role="status">${view.notice.text}</p>`}
          ${overview(snapshot)} ${failedEvents(snapshot)}
          ${section(
            'failures',
            'Failing entities',
            table(failureColumns, snapshot.failures, 'No entity is failing.'),
          )}
          ${section(
            'projects',
            'Mappings per project',
            table(projectColumns, snapshot.projects, 'Nothing is mapped yet.'),
          )}
          ${reconciliation(snapshot)} ${conflicts(snapshot)}
          ${section(
            'ledger',
            'Recent ledger entries',
            table(ledgerColumns, snapshot.ledger, 'The ledger is empty.'),
          )}
        </main>
      </body>
    </html> `;
  return page.markup;
}

// The stylesheet is this package's own constant text (CSS quotes must survive), the one raw value. Its
// text must stay exactly `statusPageStyle`: the Content-Security-Policy allows it by its hash.
const styleElement = new SafeHtml(`<style>${statusPageStyle}</style>`);

function overview(snapshot: StatusPageSnapshot): SafeHtml {
  const { inbox, queue, planeBudget } = snapshot;
  return section(
    'overview',
    'Queue, inbox and Plane budget',
    html`<div class="tiles">
      ${tile('queue-depth', queue.depth, 'jobs in the work queue')}
      ${tile('inbox-pending', inbox.pending, 'inbox events pending')}
      ${tile('inbox-failed', inbox.failed, 'failed (retried on their own)')}
      ${tile('inbox-dead', inbox.dead, 'dead letters (replay only)')} ${budgetTile(planeBudget)}
    </div>`,
  );
}

function tile(id: string, value: number | string, label: string): SafeHtml {
  return html`<div class="tile" id="${id}"><b>${value}</b><span>${label}</span></div>`;
}

function budgetTile(budget: StatusPageBudget): SafeHtml {
  const waiting = Object.entries(budget.waiting).filter(([, count]) => count > 0);
  const waitingText =
    waiting.length === 0
      ? 'none waiting'
      : waiting.map(([lane, count]) => `${count} ${lane}`).join(', ') + ' waiting';
  if (budget.limit === null || budget.remaining === null)
    return tile(
      'plane-budget',
      'not limited',
      `Plane requests: this client keeps no budget; ${waitingText}`,
    );
  return tile(
    'plane-budget',
    `${budget.remaining} / ${budget.limit}`,
    `Plane requests left in ${duration(budget.windowMs)} (${budget.used} used; ${waitingText})`,
  );
}

function failedEvents(snapshot: StatusPageSnapshot): SafeHtml {
  const events = snapshot.failedEvents;
  const total = snapshot.inbox.failed + snapshot.inbox.dead;
  const title = 'Failed events and dead letters';
  if (events.length === 0)
    return section('failed-events', title, muted('No failed or dead-lettered events.'));
  return section(
    'failed-events',
    title,
    muted(
      'Failed events run again on their own at their retry time; dead letters only when replayed.' +
        (total > events.length ? ` Showing the newest ${events.length} of ${total}.` : ''),
    ),
    html`<form method="post">
      <p class="replay-controls">
        <label
          >Replay token
          <input type="password" name="token" autocomplete="current-password" required
        /></label>
        <button type="submit" name="all" value="failed">Replay all failed</button>
      </p>
      ${table(failedEventColumns, events, '')}
    </form>`,
  );
}

const failedEventColumns: readonly Column<StatusPageFailedEvent>[] = [
  { heading: 'Status', cell: (event) => badge(event.status) },
  { heading: 'Entity', cell: (event) => entity(event.entity) },
  { heading: 'Source', cell: (event) => event.source },
  { heading: 'Attempts', numeric: true, cell: (event) => event.attempts },
  { heading: 'Last error', cell: (event) => event.lastError ?? absent() },
  { heading: 'Received', cell: (event) => time(event.receivedAt) },
  {
    heading: 'Retry at',
    cell: (event) => (event.retryAt === null ? absent('never') : time(event.retryAt)),
  },
  {
    heading: '',
    // The clicked button's name and value are what the form posts: one form, one token field.
    cell: (event) =>
      html`<button
        type="submit"
        name="event"
        value="${event.id}"
        aria-label="Replay event ${event.id}"
      >
        Replay
      </button>`,
  },
];

const failureColumns: readonly Column<StatusPageFailure>[] = [
  { heading: 'Entity', cell: (failure) => entity(failure.entity) },
  { heading: 'Failures in a row', numeric: true, cell: (failure) => failure.consecutive },
  { heading: 'Last cause', cell: (failure) => failure.lastCause },
  { heading: 'Last failed', cell: (failure) => time(failure.lastAt) },
  { heading: 'Ops alerted', cell: (failure) => (failure.alerted ? 'yes' : 'no') },
];

const projectColumns: readonly Column<StatusPageProject>[] = [
  { heading: 'Project', cell: (project) => project.name ?? absent('unnamed') },
  { heading: 'Odoo id', cell: (project) => project.odooId ?? absent() },
  {
    heading: 'Plane project',
    cell: (project) =>
      project.planeProjectId === null
        ? absent('not created yet')
        : html`<code>${project.planeProjectId}</code>`,
  },
  { heading: 'Milestones', numeric: true, cell: (project) => project.milestones },
  { heading: 'Tasks', numeric: true, cell: (project) => project.tasks },
  { heading: 'Pending', numeric: true, cell: (project) => project.pending },
];

function reconciliation(snapshot: StatusPageSnapshot): SafeHtml {
  const last = snapshot.lastReconciliation;
  if (last === null)
    return section(
      'reconciliation',
      'Last reconciliation',
      muted('No reconciliation has run yet.'),
    );
  const counts =
    `${last.checked} checked, ${last.drift} drifted fields, ` +
    `${last.repaired} repaired, ${last.failed} failed.`;
  return section(
    'reconciliation',
    'Last reconciliation',
    html`<p>
      ${badge(last.status)} ${time(last.at)}${last.dryRun ? ' (dry run)' : ''}: ${counts}
    </p>`,
  );
}

function conflicts(snapshot: StatusPageSnapshot): SafeHtml {
  const { total, recent } = snapshot.conflicts;
  const shown = total > recent.length ? `, the newest ${recent.length} shown` : '';
  return section(
    'conflicts',
    'Conflicts',
    muted(`A conflict is settled at once by the field's owner; ${total} on record${shown}.`),
    recent.length === 0 ? '' : table(ledgerColumns, recent, ''),
  );
}

const ledgerColumns: readonly Column<StatusPageLedgerEntry>[] = [
  { heading: 'At', cell: (entry) => time(entry.at) },
  { heading: 'Outcome', cell: (entry) => badge(entry.outcome) },
  { heading: 'Entity', cell: (entry) => entity(entry.entity) },
  { heading: 'Cause', cell: (entry) => entry.cause },
  { heading: 'Decision', cell: (entry) => entry.decision },
];

function duration(ms: number | null): string {
  if (ms === null) return 'its window';
  if (ms % 60_000 === 0) return ms === 60_000 ? 'a minute' : `${ms / 60_000} minutes`;
  return `${ms / 1000} s`;
}
