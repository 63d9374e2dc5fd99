import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCliSettings } from './cli-environment.js';
import { backfillCommand } from './commands/backfill.js';
import { openCliAgent, type CliAgent } from './open-agent.js';
import { createOutput } from './output.js';
import { createCliWorld, seedPortfolio, type CliWorld } from './testing/cli-world.js';

/** A terminal as cli-progress drives it: what it draws is kept. */
function fakeTerminal(): Writable & { readonly drawn: string[]; readonly isTTY: true } {
  const drawn: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      drawn.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, {
    drawn,
    isTTY: true as const,
    columns: 160,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
}

describe('backfill on a terminal', () => {
  let world: CliWorld;
  let cli: CliAgent;
  beforeAll(async () => {
    world = await createCliWorld();
    seedPortfolio(world, { projects: 2, tasksPerProject: 10 });
    const read = readCliSettings(world.environment, world.dataDir);
    if (!read.ok) throw new Error(read.problem);
    const opened = await openCliAgent(read.settings, { verbose: false });
    if (!opened.ok) throw new Error(opened.problem);
    cli = opened.cli;
  });
  afterAll(async () => {
    await cli.close();
    await world.close();
  });

  it('draws a progress bar of Plane calls with an ETA, then prints the calls made against the plan', async () => {
    const terminal = fakeTerminal();
    const printed: string[] = [];
    const out = createOutput(
      {
        stdout: { write: (text: string) => printed.push(text) },
        stderr: terminal,
        environment: {},
      },
      { json: false, secrets: [] },
    );

    const code = await backfillCommand(cli, out, {
      dryRun: false,
      odooProjectIds: undefined,
      progressStream: terminal,
    });

    expect(code).toBe(0);
    expect(terminal.drawn.join('')).toMatch(/\d+\/\d+ Plane calls \| ETA/);
    expect(printed.join('')).toMatch(
      /Backfill plan[\s\S]*Backfill completed: 2 project\(s\) this run, \d+ Plane calls \(planned \d+\)/,
    );
  });
});
