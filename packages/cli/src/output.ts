import Table from 'cli-table3';
import pc from 'picocolors';

/** Where a command prints, and how: human text (colour on a TTY only) or one JSON document. */
export interface Output {
  readonly json: boolean;
  /** Colours (no-ops unless stdout is a TTY and `NO_COLOR` is unset). */
  readonly colour: ReturnType<typeof pc.createColors>;
  /** A line for people; ignored in `--json` mode. */
  line(text?: string): void;
  /** A table for people; ignored in `--json` mode. */
  table(head: readonly string[], rows: readonly (readonly unknown[])[]): void;
  /** The command's result for scripts; printed only in `--json` mode. */
  result(value: unknown): void;
  /** A problem; always on stderr. */
  problem(text: string): void;
}

/** The streams an output writes to (the process's, or a test's). */
export interface OutputStreams {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly environment: Readonly<Record<string, string | undefined>>;
}

const cell = (value: unknown): string =>
  value === null || value === undefined
    ? '–'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/**
 * Creates the output of one command run; every secret value is replaced by `<redacted>` in whatever it
 * prints.
 */
export function createOutput(
  streams: OutputStreams,
  options: { readonly json: boolean; readonly secrets: readonly string[] },
): Output {
  const useColour =
    streams.stdout.isTTY === true &&
    streams.environment.NO_COLOR === undefined &&
    streams.environment.TERM !== 'dumb';
  const redact = (text: string): string =>
    options.secrets.reduce(
      (redacted, secret) =>
        secret.length < 4 ? redacted : redacted.split(secret).join('<redacted>'),
      text,
    );
  return {
    json: options.json,
    colour: pc.createColors(useColour),
    line: (text = '') => {
      if (!options.json) streams.stdout.write(`${redact(text)}\n`);
    },
    table: (head, rows) => {
      if (options.json) return;
      const table = new Table({
        head: [...head],
        style: { head: useColour ? ['cyan'] : [], border: useColour ? ['grey'] : [] },
        wordWrap: true,
      });
      for (const row of rows) table.push(row.map(cell));
      streams.stdout.write(`${redact(table.toString())}\n`);
    },
    result: (value) => {
      if (options.json) streams.stdout.write(`${redact(JSON.stringify(value, null, 2))}\n`);
    },
    problem: (text) => {
      streams.stderr.write(`${redact(text)}\n`);
    },
  };
}
