// The two things every benchmark script does with its figures: print them as a table, and with
// `--write-docs` write them into docs/BENCHMARKS.md.
import { fileURLToPath } from 'node:url';
import { writeBenchmarkSections, type BenchmarkSection } from './benchmarks-doc.js';

/** Prints `header` and `rows` as columns padded to their widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((cell, index) =>
    Math.max(cell.length, ...rows.map((cells) => (cells[index] ?? '').length)),
  );
  for (const cells of [header, ...rows])
    console.log(cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  '));
}

/** Writes the sections into docs/BENCHMARKS.md when the script was run with `--write-docs`. */
export function writeDocsIfAsked(sections: readonly BenchmarkSection[]): void {
  if (!process.argv.includes('--write-docs')) return;
  const docsPath = fileURLToPath(new URL('../../../docs/BENCHMARKS.md', import.meta.url));
  writeBenchmarkSections(docsPath, sections);
  console.log(`wrote ${docsPath}`);
}
