import type { PlaneState, PlaneStateGroup } from './domain.js';

/**
 * Picks the Plane state for an Odoo stage: the configured pair, else a state with the same name
 * (case-insensitive), else the first state of the group the stage name suggests, else null (the caller
 * leaves Plane's default state).
 */
export function planeStateForStage(
  stageName: string | null,
  states: readonly PlaneState[],
  explicit: Readonly<Record<string, string>>,
): PlaneState | null {
  if (stageName === null) return null;
  const byName = (name: string): PlaneState | undefined =>
    states.find((state) => state.name.toLowerCase() === name.toLowerCase());
  const configured = explicit[stageName];
  if (configured !== undefined) {
    const state = byName(configured);
    if (state !== undefined) return state;
  }
  const sameName = byName(stageName);
  if (sameName !== undefined) return sameName;
  const group = groupForStageName(stageName);
  return states.find((state) => state.group === group) ?? null;
}

/** The Plane state group an Odoo stage name most likely means. */
export function groupForStageName(stageName: string): PlaneStateGroup {
  const name = stageName.toLowerCase();
  if (/(done|complete|closed|shipped|finished|delivered)/.test(name)) return 'completed';
  if (/(cancel|abandon|won't|wont|rejected)/.test(name)) return 'cancelled';
  if (/(progress|doing|review|test|started|active|development)/.test(name)) return 'started';
  if (/(backlog|idea|icebox|new)/.test(name)) return 'backlog';
  return 'unstarted';
}

/**
 * Picks the Odoo stage for a Plane state (Plane → Odoo): the configured pair, else a stage with the same
 * name, else the first stage whose name suggests the state's group, else null (no stage change).
 */
export function odooStageForState<Stage extends { readonly id: number; readonly name: string }>(
  state: PlaneState,
  stages: readonly Stage[],
  explicit: Readonly<Record<string, string>>,
): Stage | null {
  const byName = (name: string): Stage | undefined =>
    stages.find((stage) => stage.name.toLowerCase() === name.toLowerCase());
  const configured = explicit[state.name];
  if (configured !== undefined) {
    const stage = byName(configured);
    if (stage !== undefined) return stage;
  }
  return (
    byName(state.name) ??
    stages.find((stage) => groupForStageName(stage.name) === state.group) ??
    null
  );
}
