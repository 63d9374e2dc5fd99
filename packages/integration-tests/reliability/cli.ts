/* eslint-disable no-console -- a command-line tool: stdout is its output */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { runFaultRuns } from './fault-runs.js';
import { reliabilityMarkdown } from './summary.js';

/**
 * `npm run reliability -w @odoo-plane-sync/integration-tests -- --runs 1000 --seed 42 --write-docs`:
 * generated fault runs, a summary on stdout and, with --write-docs, in docs/RELIABILITY.md. Exits 1 when a run
 * found a divergence, a duplicate or a lost event.
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    seed: { type: 'string' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
console.log(`fault runs: ${runs}, seed ${seed}`);
const report = await runFaultRuns({
  runs,
  seed,
  now: () => Date.now(),
  onRun: (index, outcome) => {
    const problems = [...outcome.divergences, ...outcome.duplicates, ...outcome.lost];
    if (problems.length > 0) console.log(`run ${index + 1}: ${problems.join('; ')}`);
    if ((index + 1) % 50 === 0) console.log(`${index + 1}/${runs} runs`);
  },
});
console.log(JSON.stringify(report, null, 2));
if (values['write-docs']) {
  const markdown = reliabilityMarkdown(report, {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, shared with other builds`,
    node: process.version,
    date: new Date().toISOString(),
    code: checkedOutCommit(),
  });
  const docs = new URL('../../../docs/', import.meta.url);
  mkdirSync(docs, { recursive: true });
  writeFileSync(new URL('RELIABILITY.md', docs), markdown);
  console.log('wrote docs/RELIABILITY.md');
}
if (report.divergences + report.duplicates + report.lost > 0) process.exitCode = 1;

/** Which code the figures belong to: the commit, marked when the working tree differs from it. */
function checkedOutCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const changes = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    });
    return changes.trim() === '' ? `commit ${commit}` : `commit ${commit} + uncommitted changes`;
  } catch {
    return 'not a git checkout';
  }
}
