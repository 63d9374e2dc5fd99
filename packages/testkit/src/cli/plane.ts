import { parseArgs } from 'node:util';
import { createPlaneSimulator } from '../plane/simulator.js';

const USAGE =
  'usage: npm run sim -- plane [--port 8090] [--api-key KEY] [--workspace SLUG] [--rate-limit PER_MINUTE|0]' +
  ' [--edition ce|cloud] [--webhook-url URL --webhook-secret SECRET] [--person EMAIL]';

/** Hooks for running the command inside another program (tests): where the line goes and when to stop. */
export interface PlaneSimulatorCommandHooks {
  /** Receives the JSON line; default `console.log`. */
  readonly print?: (line: string) => void;
  /** Stops serving when it settles; default: the first SIGINT or SIGTERM. */
  readonly stopped?: Promise<void>;
}

/**
 * `npm run sim -- plane …`: serves a Plane simulator on 127.0.0.1, prints one JSON line
 * `{"url","apiKey","workspaceSlug","botUserId","person":{"userId","apiKey","email"}}` and serves until
 * SIGINT or SIGTERM. `--rate-limit` is requests per minute per key (default 60; 0 turns throttling off).
 *
 * `person` is a workspace member (`--person`, default `person@plane.test`) with a key of their own: the
 * engine drops changes made with the bot's key as its own echoes, so a test that plays a human over HTTP
 * needs this one. Like in Plane, a person writes to a project only once a project admin (the bot, for the
 * projects the sync creates) has added them: `POST …/projects/<id>/members/ {"member": userId}`.
 *
 * @example
 * await runPlaneSimulatorCommand(['--port', '8090', '--workspace', 'acme']);
 */
export async function runPlaneSimulatorCommand(
  argv: readonly string[],
  hooks: PlaneSimulatorCommandHooks = {},
): Promise<void> {
  const print = hooks.print ?? ((line: string) => console.log(line));
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      'api-key': { type: 'string' },
      workspace: { type: 'string' },
      'rate-limit': { type: 'string' },
      edition: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      person: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    print(USAGE);
    return;
  }
  const port = values.port === undefined ? 8090 : Number(values.port);
  const perMinute = values['rate-limit'] === undefined ? 60 : Number(values['rate-limit']);
  const edition = values.edition ?? 'ce';
  if (!Number.isInteger(port) || port < 0 || !Number.isInteger(perMinute) || perMinute < 0) {
    throw new Error(`--port and --rate-limit take whole numbers. ${USAGE}`);
  }
  if (edition !== 'ce' && edition !== 'cloud')
    throw new Error(`--edition is ce or cloud. ${USAGE}`);
  if ((values['webhook-url'] === undefined) !== (values['webhook-secret'] === undefined)) {
    throw new Error(`--webhook-url and --webhook-secret go together. ${USAGE}`);
  }

  const plane = createPlaneSimulator({
    edition,
    rateLimit: perMinute === 0 ? false : { requests: perMinute, windowMs: 60_000 },
    ...(values['api-key'] === undefined ? {} : { apiKey: values['api-key'] }),
    ...(values.workspace === undefined ? {} : { workspaceSlug: values.workspace }),
  });
  const personEmail = values.person ?? 'person@plane.test';
  const person = plane.addUser({
    email: personEmail,
    firstName: 'Pat',
    lastName: 'Person',
    displayName: personEmail.split('@')[0] ?? personEmail,
  });
  if (values['webhook-url'] !== undefined && values['webhook-secret'] !== undefined) {
    plane.addWebhook({ url: values['webhook-url'], secret: values['webhook-secret'] });
  }
  const served = await plane.serve({ port });
  print(
    JSON.stringify({
      url: served.url,
      apiKey: plane.apiKey,
      workspaceSlug: plane.workspaceSlug,
      botUserId: plane.botUserId,
      person: { userId: person.id, apiKey: person.apiKey, email: personEmail },
    }),
  );
  await (hooks.stopped ?? untilSignalled());
  await served.close();
}

function untilSignalled(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
