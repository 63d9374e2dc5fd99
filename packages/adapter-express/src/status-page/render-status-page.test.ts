import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderStatusPage } from './render-status-page.js';
import { testSnapshot } from './test-snapshot.js';

/** The text of the element with this id, tags removed and whitespace collapsed. */
function sectionText(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  const end = page.indexOf('</section>', start);
  return page
    .slice(start, end)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
}

const markupCharacters = (page: string): string => page.replace(/[^<>"']/g, '');

/** What injected markup is made of, plus ordinary and non-ASCII text. */
const markupPieces = fc.constantFrom(
  ...['<', '>', '"', "'", '&', '&amp;', '/', '=', ' ', '<script>', '</td>', '<!--', 'é', '名', 'a'],
);

describe('renderStatusPage', () => {
  it('shows every section: queue, inbox, budget, failures, projects, reconciliation, conflicts, ledger', () => {
    const page = renderStatusPage(testSnapshot());

    expect(sectionText(page, 'overview')).toContain('3 jobs in the work queue');
    expect(sectionText(page, 'overview')).toContain('4 inbox events pending');
    expect(sectionText(page, 'overview')).toContain('1 dead letters (replay only)');
    expect(sectionText(page, 'plane-budget')).toContain(
      '54 / 60 Plane requests left in a minute (6 used; 2 backfill waiting)',
    );
    expect(sectionText(page, 'failed-events')).toContain(
      'dead Accessibility audit project.task:42',
    );
    expect(sectionText(page, 'failed-events')).toContain('plane 400 Accessibility audit');
    expect(sectionText(page, 'failures')).toContain('plane 503 Accessibility audit');
    expect(sectionText(page, 'projects')).toContain(
      'Accessibility audit 7 plane-project-Accessibility audit 2 5 1',
    );
    expect(sectionText(page, 'reconciliation')).toContain(
      'partial 2026-12-01 08:00:00 UTC : 14 checked, 2 drifted fields, 2 repaired, 1 failed.',
    );
    expect(sectionText(page, 'conflicts')).toContain('3 on record, the newest 1 shown');
    expect(sectionText(page, 'ledger')).toContain('update work item Accessibility audit');
  });

  it('puts one replay button per failed event in a form that posts back with a typed token', () => {
    const page = renderStatusPage(testSnapshot());

    expect(page).toMatch(/<form method="post">/);
    expect(page).toMatch(/<input\s+type="password"\s+name="token"/);
    expect(page).toMatch(/name="event"\s+value="event-dead-Accessibility audit"/);
    expect(page).toMatch(/name="event"\s+value="event-failed-2"/);
    expect(page).toMatch(/name="all"\s+value="failed"/);
    expect(page).not.toMatch(/<script/i);
  });

  it('leaves the form out when nothing failed, and says the budget is not limited without one', () => {
    const snapshot = {
      ...testSnapshot(),
      failedEvents: [],
      inbox: { pending: 0, failed: 0, dead: 0 },
      planeBudget: {
        limit: null,
        windowMs: null,
        used: 0,
        remaining: null,
        waiting: { live: 0, reconcile: 0, backfill: 0 },
      },
    };

    const page = renderStatusPage(snapshot);

    expect(page).not.toContain('<form');
    expect(sectionText(page, 'failed-events')).toContain('No failed or dead-lettered events.');
    expect(sectionText(page, 'plane-budget')).toContain('not limited');
  });

  it('shows a run-wide ledger entry (a reconciliation summary) without an entity key', () => {
    const snapshot = testSnapshot();
    const summary = { ...snapshot.ledger[0]!, entity: { key: '', name: null } };

    const page = renderStatusPage({ ...snapshot, ledger: [summary] });

    expect(page).not.toContain('<code></code>');
    expect(sectionText(page, 'ledger')).toContain('applied — odoo webhook');
  });

  it('shows a notice above the page', () => {
    const page = renderStatusPage(testSnapshot(), {
      notice: { kind: 'success', text: 'Replayed 1 event.' },
    });

    expect(page).toContain('<p class="notice success" role="status">Replayed 1 event.</p>');
  });

  it('escapes a hostile task name everywhere it appears, attributes included', () => {
    const hostile = `"><img src=x onerror=alert(1)><script>alert('x')</script>&amp;`;

    const page = renderStatusPage(testSnapshot(hostile));

    expect(page).not.toContain('<img');
    expect(page).not.toContain("<script>alert('x')");
    expect(page).toContain(
      '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;',
    );
    expect(page).toMatch(/value="event-dead-&quot;&gt;&lt;img/);
  });

  it('adds no markup character for any text in any field (property)', () => {
    const baseline = markupCharacters(renderStatusPage(testSnapshot('x')));

    fc.assert(
      fc.property(fc.string({ unit: markupPieces, maxLength: 12 }), (text) => {
        expect(markupCharacters(renderStatusPage(testSnapshot(text)))).toBe(baseline);
      }),
      { numRuns: 60 },
    );
  });
});
