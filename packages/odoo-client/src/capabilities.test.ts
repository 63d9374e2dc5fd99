import { describe, expect, it } from 'vitest';
import { deriveCapabilities, fieldsInfoSchema, type OdooFieldsInfo } from './capabilities.js';
import { loadFixture } from './test-support/fixtures.js';

function recordedFields(version: 16 | 17, prefix: string): OdooFieldsInfo {
  const body = loadFixture(version, prefix).response.body as { result: unknown };
  return fieldsInfoSchema.parse(body.result);
}

describe('deriveCapabilities', () => {
  it('maps the recorded Odoo 16 fields to kanban_state, planned_hours, a date deadline and 2 priorities', () => {
    const capabilities = deriveCapabilities(
      16,
      recordedFields(16, '006'),
      recordedFields(16, '005'),
    );

    expect(capabilities).toMatchObject({
      version: 16,
      taskStateField: 'kanban_state',
      hoursField: 'planned_hours',
      dateDeadlineType: 'date',
      priorityLevels: 2,
      priorityKeys: ['0', '1'],
      hasPlannedDateBegin: false,
      hasMilestones: true,
      hasTaskDependencies: true,
      ppm: {
        wbsCode: false,
        portfolio: false,
        isShipped: false,
        shippedAt: false,
        deployments: false,
      },
    });
  });

  it('maps the recorded Odoo 17 fields to state, allocated_hours and a datetime deadline', () => {
    const capabilities = deriveCapabilities(
      17,
      recordedFields(17, '006'),
      recordedFields(17, '005'),
    );

    expect(capabilities).toMatchObject({
      taskStateField: 'state',
      hoursField: 'allocated_hours',
      dateDeadlineType: 'datetime',
      priorityLevels: 2,
      hasPlannedDateBegin: false,
    });
  });

  it('sees four priority levels, Enterprise planning and the PPM fields when the server has them', () => {
    const task: OdooFieldsInfo = {
      ...recordedFields(17, '006'),
      priority: {
        type: 'selection',
        selection: [
          ['0', 'Low priority'],
          ['1', 'Medium priority'],
          ['2', 'High priority'],
          ['3', 'Urgent'],
        ],
      },
      planned_date_begin: { type: 'datetime' },
      is_shipped: { type: 'boolean' },
      shipped_at: { type: 'datetime' },
      deployment_ids: { type: 'one2many', relation: 'ppm.deployment' },
    };
    const project: OdooFieldsInfo = {
      ...recordedFields(17, '005'),
      wbs_code: { type: 'char' },
      portfolio_id: { type: 'many2one', relation: 'ppm.portfolio' },
    };

    const capabilities = deriveCapabilities(19, task, project);

    expect(capabilities).toMatchObject({
      version: 19,
      priorityLevels: 4,
      priorityKeys: ['0', '1', '2', '3'],
      hasPlannedDateBegin: true,
      ppm: { wbsCode: true, portfolio: true, isShipped: true, shippedAt: true, deployments: true },
    });
  });
});
