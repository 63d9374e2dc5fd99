import { appendFile } from 'node:fs/promises';
import { archiveLedger } from '@odoo-plane-sync/sync-core';
import { openOperatorStorage } from './operator-stores.js';

// `npm run ledger:archive -- <days> [file.jsonl]`: appends every ledger entry older than <days> days to
// the file (default ledger-archive.jsonl in the working directory) as JSON Lines, then deletes them from
// the ledger. Nothing is deleted when the file cannot be written.
const days = Number(process.argv[2]);
if (!Number.isFinite(days) || days < 1) {
  console.error('Usage: npm run ledger:archive -- <older than, in days ≥ 1> [archive.jsonl]');
  process.exit(2);
}
const file = process.argv[3] ?? 'ledger-archive.jsonl';
const storage = await openOperatorStorage(process.env);
if (storage === null) process.exit(2);
const report = await archiveLedger(storage.stores.ledger, {
  before: Date.now() - days * 24 * 60 * 60_000,
  write: (entries) =>
    appendFile(file, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''), 'utf8'),
});
await storage.close();
console.log(`Archived ${report.archived} ledger entries to ${file}; pruned ${report.pruned}.`);
