// Writes the benchmark's figures into docs/BENCHMARKS.md (one section per benchmark, replaced in place), with
// the machine, Node version and date they were measured on.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';

/** One benchmark's section: a title, a short note and rows of label → figure. */
export interface BenchmarkSection {
  readonly title: string;
  readonly note: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const intro = `# Benchmarks

Figures written by \`packages/integration-tests/bench/initial-sync.ts --write-docs\` (\`npm run bench -- --write-docs\`
in that package). Both simulators run in-process behind msw, driven through the real clients, on a fake
clock with Plane's default rate limit (60 requests / 60 s), so "simulated minutes" is what the rate limit
alone would cost against a real Plane. Call counts are exact and repeatable; wall times depend on the machine.
`;

function machine(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${model.trim()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

function render(section: BenchmarkSection): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    `## ${section.title}`,
    '',
    `Measured on ${machine()}.`,
    '',
    section.note,
    '',
    line(section.header),
    line(section.header.map(() => '---')),
    ...section.rows.map(line),
    '',
  ].join('\n');
}

/** Replaces (or appends) each section by its title, keeping the others as they are. */
export function writeBenchmarkSections(path: string, sections: readonly BenchmarkSection[]): void {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : intro;
  for (const section of sections) {
    const heading = `## ${section.title}\n`;
    const start = text.indexOf(heading);
    if (start === -1) {
      text = `${text.trimEnd()}\n\n${render(section)}`;
      continue;
    }
    const next = text.indexOf('\n## ', start + heading.length);
    // A blank line before the next heading, as Markdown (and prettier) keep it.
    text = `${text.slice(0, start)}${render(section)}${next === -1 ? '' : `\n${text.slice(next + 1)}`}`;
  }
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}
