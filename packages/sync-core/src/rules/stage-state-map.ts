import type { PlaneState, PlaneStateGroup } from '../domain.js';

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

/** Plane state group → Odoo stage name, `null` meaning "leave the stage", as configured. */
export type StagesByGroup = Readonly<Partial<Record<PlaneStateGroup, string | null>>>;

/** How a Plane state found (or did not find) its Odoo stage. */
export type OdooStageChoice<Stage> =
  | {
      readonly kind: 'stage';
      readonly stage: Stage;
      readonly rule: 'state name pair' | 'group setting' | 'same name' | 'group guess';
    }
  /** The group is configured to `null`: the stage stays, on purpose. */
  | { readonly kind: 'left' }
  | { readonly kind: 'unmapped'; readonly reason: string };

/**
 * The stage a group falls back to when no stage's name suggests the group itself: the waiting groups
 * share a column (Odoo projects often have one "New" column for both), while `started`, `completed` and
 * `cancelled` never borrow a neighbour's stage — cancelled work must not land in "Done".
 */
const neighbourGroups: Readonly<Record<string, readonly PlaneStateGroup[]>> = {
  triage: ['backlog', 'unstarted'],
  backlog: ['unstarted'],
  unstarted: ['backlog'],
};

/**
 * Picks the Odoo stage for a Plane state (Plane → Odoo), in this order: the explicit pair by Plane state
 * name; the stage configured for the state's group (`byGroup`, already merged per project); a stage with
 * the same name; the first stage (by sequence) whose name suggests the group; for the waiting groups the
 * first stage of a neighbouring waiting group. Otherwise the state is unmapped, with the reason.
 */
export function chooseOdooStage<Stage extends { readonly id: number; readonly name: string }>(
  state: PlaneState,
  stages: readonly Stage[],
  rules: {
    readonly explicit: Readonly<Record<string, string>>;
    readonly byGroup: StagesByGroup;
  },
): OdooStageChoice<Stage> {
  const byName = (name: string): Stage | undefined =>
    stages.find((stage) => stage.name.toLowerCase() === name.toLowerCase());
  const paired = rules.explicit[state.name];
  if (paired !== undefined) {
    const stage = byName(paired);
    if (stage !== undefined) return { kind: 'stage', stage, rule: 'state name pair' };
  }
  const group = state.group as PlaneStateGroup;
  const configured = rules.byGroup[group];
  if (configured === null) return { kind: 'left' };
  if (configured !== undefined) {
    const stage = byName(configured);
    return stage === undefined
      ? {
          kind: 'unmapped',
          reason: `the stage "${configured}" configured for the ${group} group is not a stage of this project`,
        }
      : { kind: 'stage', stage, rule: 'group setting' };
  }
  const sameName = byName(state.name);
  if (sameName !== undefined) return { kind: 'stage', stage: sameName, rule: 'same name' };
  for (const candidate of [group, ...(neighbourGroups[group] ?? [])]) {
    const stage = stages.find((item) => groupForStageName(item.name) === candidate);
    if (stage !== undefined) return { kind: 'stage', stage, rule: 'group guess' };
  }
  return {
    kind: 'unmapped',
    reason: `no stage of this project is named "${state.name}" or suggests the ${group} group`,
  };
}

/** {@link chooseOdooStage} without group settings: the stage, or null when there is none. */
export function odooStageForState<Stage extends { readonly id: number; readonly name: string }>(
  state: PlaneState,
  stages: readonly Stage[],
  explicit: Readonly<Record<string, string>>,
): Stage | null {
  const choice = chooseOdooStage(state, stages, { explicit, byGroup: {} });
  return choice.kind === 'stage' ? choice.stage : null;
}
