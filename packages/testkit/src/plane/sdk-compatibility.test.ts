import { PlaneClient } from '@makeplane/plane-node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaneSimulator } from './simulator.js';

// Plane's own Node SDK (axios) against the simulator served over real HTTP: a client we did not write.
describe('createPlaneSimulator with @makeplane/plane-node-sdk', () => {
  const plane = createPlaneSimulator({ rateLimit: false });
  let served: { url: string; close(): Promise<void> };
  let client: PlaneClient;
  const slug = plane.workspaceSlug;

  beforeAll(async () => {
    served = await plane.serve();
    client = new PlaneClient({ baseUrl: served.url, apiKey: plane.apiKey });
  });
  afterAll(async () => {
    await served.close();
  });

  it('drives projects, states and labels', async () => {
    const project = await client.projects.create(slug, { name: 'SDK project', identifier: 'sdk' });
    const fetched = await client.projects.retrieve(slug, project.id);
    const updated = await client.projects.update(slug, project.id, { cycle_view: true });
    const projects = await client.projects.list(slug);
    const members = await client.projects.getMembers(slug, project.id);
    const state = await client.states.create(slug, project.id, {
      name: 'Review',
      color: '#ff8800',
      group: 'started',
    });
    const states = await client.states.list(slug, project.id);
    const label = await client.labels.create(slug, project.id, {
      name: 'shipped',
      color: '#00aa00',
    });
    const labels = await client.labels.list(slug, project.id);

    expect(fetched.identifier).toBe('SDK');
    expect(updated.cycle_view).toBe(true);
    expect(projects.results.map((row) => row.id)).toContain(project.id);
    expect(members.map((member) => member.id)).toEqual([plane.botUserId]);
    expect(states.results.map((row) => row.name)).toEqual([
      'Backlog',
      'Todo',
      'In Progress',
      'Done',
      'Cancelled',
      'Review',
    ]);
    expect(state.sequence).toBe(70000);
    expect(labels.results.map((row) => row.id)).toEqual([label.id]);
  });

  it('drives work items, comments, links and relations', async () => {
    const project = await client.projects.create(slug, { name: 'SDK items', identifier: 'SDKI' });
    const first = await client.workItems.create(slug, project.id, {
      name: 'First',
      priority: 'high',
    });
    const second = await client.workItems.create(slug, project.id, { name: 'Second' });
    const updated = await client.workItems.update(slug, project.id, first.id, {
      name: 'First renamed',
    });
    const byKey = await client.workItems.retrieveByIdentifier(slug, 'SDKI-1');
    const page = await client.workItems.list(slug, project.id, { per_page: 1 });
    const comment = await client.workItems.comments.create(slug, project.id, first.id, {
      comment_html: '<p>hi</p>',
    });
    const comments = await client.workItems.comments.list(slug, project.id, first.id);
    const link = await client.links.create(slug, project.id, first.id, {
      url: 'https://example.com/a',
      title: 'A',
    });
    const links = await client.links.list(slug, project.id, first.id);
    await client.workItems.relations.create(slug, project.id, first.id, {
      relation_type: 'blocked_by',
      issues: [second.id],
    });
    const relations = await client.workItems.relations.list(slug, project.id, first.id);

    expect(updated.name).toBe('First renamed');
    expect(byKey.id).toBe(first.id);
    expect(page.results).toHaveLength(1);
    expect(page.next_page_results).toBe(true);
    expect(comments.results.map((row) => row.id)).toEqual([comment.id]);
    expect(links.results.map((row) => row.id)).toEqual([link.id]);
    expect(relations.blocked_by).toEqual([{ project_id: project.id, issue_id: second.id }]);
    await client.workItems.delete(slug, project.id, second.id);
    expect(plane.getWorkItem(second.id)).toBeUndefined();
  });

  it('drives cycles and cycle items', async () => {
    const project = await client.projects.create(slug, {
      name: 'SDK cycles',
      identifier: 'SDKC',
      cycle_view: true,
    });
    const item = await client.workItems.create(slug, project.id, { name: 'In a cycle' });
    const today = new Date().toISOString().slice(0, 10);
    const cycle = await client.cycles.create(slug, project.id, {
      name: 'Sprint',
      project_id: project.id,
      owned_by: plane.botUserId,
      start_date: today,
      end_date: '2099-12-31',
    });
    await client.cycles.addWorkItemsToCycle(slug, project.id, cycle.id, [item.id]);
    const inCycle = await client.cycles.listWorkItemsInCycle(slug, project.id, cycle.id);
    const cycles = await client.cycles.list(slug, project.id);
    const renamed = await client.cycles.update(slug, project.id, cycle.id, { name: 'Sprint 2' });
    await client.cycles.removeWorkItemFromCycle(slug, project.id, cycle.id, item.id);
    const afterRemoval = await client.cycles.listWorkItemsInCycle(slug, project.id, cycle.id);

    expect(inCycle.results.map((row) => row.id)).toEqual([item.id]);
    expect(cycles.results.map((row) => row.id)).toEqual([cycle.id]);
    expect(renamed.name).toBe('Sprint 2');
    expect(afterRemoval.results).toEqual([]);
  });
});
