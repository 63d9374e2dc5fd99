import { describe, expect, it } from 'vitest';
import { runPlaneSimulatorCommand } from './plane.js';

interface PrintedPlane {
  url: string;
  apiKey: string;
  workspaceSlug: string;
  botUserId: string;
  person: { userId: string; apiKey: string; email: string };
}

/** Runs the command until `stop` is called; resolves once its one JSON line is printed. */
async function startPlaneCommand(argv: readonly string[]) {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let printed: (line: string) => void = () => undefined;
  const line = new Promise<string>((resolve) => {
    printed = resolve;
  });
  const running = runPlaneSimulatorCommand(argv, { print: printed, stopped });
  const info = JSON.parse(await line) as PrintedPlane;
  return {
    info,
    stop: async () => {
      stop();
      await running;
    },
  };
}

describe('runPlaneSimulatorCommand', () => {
  it("prints a person's key beside the bot's, and the person's change is theirs, not the bot's", async () => {
    const { info, stop } = await startPlaneCommand(['--port', '0', '--person', 'ann@example.com']);
    const api = (key: string, path: string, body?: unknown) =>
      fetch(`${info.url}/api/v1/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'X-Api-Key': key, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));
    const workspace = `workspaces/${info.workspaceSlug}`;

    try {
      const me = await api(info.person.apiKey, 'users/me/');
      const project = await api(info.apiKey, `${workspace}/projects/`, {
        name: 'Website',
        identifier: 'WEB',
      });
      const projectId = String(project.body.id);
      await api(info.apiKey, `${workspace}/projects/${projectId}/members/`, {
        member: info.person.userId,
        role: 15,
      });
      const item = await api(info.person.apiKey, `${workspace}/projects/${projectId}/work-items/`, {
        name: 'Made by a person',
      });

      expect(info.person).toEqual({
        userId: expect.any(String) as unknown,
        apiKey: expect.stringMatching(/^plane_api_/) as unknown,
        email: 'ann@example.com',
      });
      expect(info.person.userId).not.toBe(info.botUserId);
      expect(me.body).toMatchObject({ id: info.person.userId, email: 'ann@example.com' });
      expect(item.status).toBe(201);
      expect(item.body.created_by).toBe(info.person.userId);
    } finally {
      await stop();
    }
  });
});
