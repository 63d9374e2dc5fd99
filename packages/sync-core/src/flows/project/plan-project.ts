import type { OdooProject } from '../../domain.js';
import { sameValue } from '../../rules/field-merge.js';
import { cleanProjectName } from '../../rules/project-naming.js';
import type { ShadowValue } from '../../ports.js';

/** A project as Plane should show it. */
export interface DesiredProject {
  readonly name: string;
  /** Plain text: Plane's v1 project `description` is a text field. */
  readonly description: string;
  /** undefined: the manager has no Plane user, leave the lead as it is. */
  readonly projectLeadId: string | null | undefined;
  readonly cycleView: boolean;
}

/**
 * An Odoo project in Plane terms (pure). Plane projects have no dates and refuse some characters in names,
 * so the dates, WBS code, portfolio and the original name (when it had to be cleaned) travel in the
 * description. `cycleView` turns on when the project uses milestones, since cycles need it.
 */
export function desiredProjectOf(
  project: OdooProject,
  context: { readonly leadPlaneUserId: string | null | undefined; readonly hasMilestones: boolean },
): DesiredProject {
  const name = cleanProjectName(project.name);
  const facts: string[] = [];
  if (name !== project.name) facts.push(`Odoo name: ${project.name}`);
  if (project.wbsCode) facts.push(`WBS: ${project.wbsCode}`);
  if (project.portfolio) facts.push(`Portfolio: ${project.portfolio.name}`);
  if (project.dateStart) facts.push(`Start: ${project.dateStart}`);
  if (project.date) facts.push(`End: ${project.date}`);
  const body = htmlToText(project.descriptionHtml ?? '');
  const description = [
    body,
    facts.length > 0 ? `Synced from Odoo project #${project.id}\n${facts.join('\n')}` : '',
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  return {
    name,
    description,
    projectLeadId: context.leadPlaneUserId,
    cycleView: context.hasMilestones || project.allowMilestones === true,
  };
}

export function projectShadowOf(desired: DesiredProject): Record<string, ShadowValue> {
  const shadow: Record<string, ShadowValue> = {
    name: desired.name,
    description: desired.description,
    cycleView: desired.cycleView,
  };
  if (desired.projectLeadId !== undefined) shadow.lead = desired.projectLeadId;
  return shadow;
}

export interface ProjectPatch {
  readonly name?: string;
  readonly description?: string;
  readonly projectLeadId?: string | null;
  readonly cycleView?: boolean;
}

/**
 * The PATCH that brings a mapped project in line with Odoo, from the shadow alone (no GET). `cycleView` is
 * only ever switched on: turning a Plane feature off would hide people's cycles.
 */
export function planProjectUpdate(
  desired: DesiredProject,
  shadow: Readonly<Record<string, ShadowValue>>,
): { readonly patch: ProjectPatch; readonly shadow: Record<string, ShadowValue> } {
  let patch: ProjectPatch = {};
  if (!sameValue(desired.name, shadow.name)) patch = { ...patch, name: desired.name };
  if (!sameValue(desired.description, shadow.description))
    patch = { ...patch, description: desired.description };
  if (desired.projectLeadId !== undefined && !sameValue(desired.projectLeadId, shadow.lead)) {
    patch = { ...patch, projectLeadId: desired.projectLeadId };
  }
  const cycleViewOn = shadow.cycleView === true;
  if (desired.cycleView && !cycleViewOn) patch = { ...patch, cycleView: true };
  return {
    patch,
    shadow: { ...shadow, ...projectShadowOf(desired), cycleView: cycleViewOn || desired.cycleView },
  };
}

function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
