import { describe, expect, it } from 'vitest';
import { runPlaneSimulatorCommand } from '../cli/plane.js';

describe('runPlaneSimulatorCommand', () => {
  it('prints one JSON line and serves the simulator with the flags given until stopped', async () => {
    const lines: string[] = [];
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let printed: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      printed = resolve;
    });

    const running = runPlaneSimulatorCommand(
      [
        '--port',
        '0',
        '--api-key',
        'k1',
        '--workspace',
        'demo',
        '--rate-limit',
        '2',
        '--edition',
        'cloud',
      ],
      {
        print: (line) => {
          lines.push(line);
          printed();
        },
        stopped,
      },
    );
    await ready;
    const info = JSON.parse(lines[0]!) as {
      url: string;
      apiKey: string;
      workspaceSlug: string;
      botUserId: string;
    };
    const call = () => fetch(`${info.url}/api/v1/users/me/`, { headers: { 'X-API-Key': 'k1' } });
    const statuses = [(await call()).status, (await call()).status, (await call()).status];
    stop();
    await running;

    expect(lines).toHaveLength(1);
    expect(Object.keys(info)).toEqual(['url', 'apiKey', 'workspaceSlug', 'botUserId', 'person']);
    expect(info).toMatchObject({ apiKey: 'k1', workspaceSlug: 'demo' });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('refuses a webhook URL without a secret', async () => {
    await expect(runPlaneSimulatorCommand(['--webhook-url', 'http://x.test/h'])).rejects.toThrow(
      '--webhook-url and --webhook-secret go together',
    );
  });
});
