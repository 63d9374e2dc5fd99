import { createFakeClock, createOdooSimulator, createTestServer } from '@odoo-plane-sync/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createOdooClient } from './odoo-client.js';
import { parseDateOnly } from './values.js';

let server: ReturnType<typeof createTestServer> | undefined;

afterEach(() => {
  server?.close();
  server = undefined;
});

describe('createOdooClient with a Project / User key', () => {
  it.each([18, 19] as const)(
    'does everything the sync does on %i, ship review included, without reading ir.model',
    async (version) => {
      const simulator = createOdooSimulator({ baseUrl: `http://odoo-pu${version}.test`, version });
      const bot = simulator.addUser({
        login: 'syncbot@example.com',
        apiKey: 'project-user-key-0123456789',
        rights: 'project-user',
      });
      const projectId = simulator.create('project.project', { name: 'Website' });
      const doneStage = simulator.create('project.task.type', {
        name: 'Done',
        project_ids: [[6, 0, [projectId]]],
      });
      const taskId = simulator.create('project.task', { name: 'Ship it', project_id: projectId });
      server = createTestServer({}, { handlers: simulator.handlers });
      server.listen();
      const odoo = createOdooClient({
        baseUrl: simulator.baseUrl,
        db: simulator.db,
        login: bot.login,
        apiKey: bot.apiKey,
        clock: createFakeClock(),
      });

      const irModel = await odoo.searchRead('ir.model', [['model', '=', 'project.task']]);
      const tasks = await odoo.readTasks([taskId]);
      const moved = await odoo.write('project.task', [taskId], { stage_id: doneStage });
      const note = await odoo.postMessage(taskId, '<p>Plane marked this task <b>Done</b>.</p>');
      const activity = await odoo.scheduleActivity({
        resId: taskId,
        summary: 'Ship review',
        userId: simulator.uid,
        dateDeadline: parseDateOnly('2026-12-08')!,
      });

      // The rule the old lookup hit is enforced: this key may not read ir.model.
      expect(irModel._unsafeUnwrapErr()).toMatchObject({
        kind: 'rpc',
        name: 'odoo.exceptions.AccessError',
      });
      expect(tasks._unsafeUnwrap()[0]?.name).toBe('Ship it');
      expect(moved.isOk()).toBe(true);
      expect(note.isOk()).toBe(true);
      const activityId = activity._unsafeUnwrap();
      expect(
        simulator.read(
          'mail.activity',
          [activityId],
          ['res_model', 'res_id', 'summary', 'user_id'],
        ),
      ).toEqual([
        {
          id: activityId,
          res_model: 'project.task',
          res_id: taskId,
          summary: 'Ship review',
          user_id: [simulator.uid, 'Administrator'],
        },
      ]);
    },
  );
});
