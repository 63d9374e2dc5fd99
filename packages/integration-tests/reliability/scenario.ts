import fc from 'fast-check';

/** Tasks of the seeded project every run starts from; small so a thousand runs fit in minutes. */
export const taskCount = 2;

/** The fault families a run can inject, as they are counted in the summary. */
export const faultFamilies = [
  'plane-429-storm',
  'plane-5xx',
  'plane-timeout',
  'plane-connection-reset',
  'odoo-5xx',
  'odoo-connection-reset',
  'crash',
  'plane-outage',
  'odoo-outage',
  'webhook-duplicated',
  'webhook-reordered',
  'webhook-lost',
  'concurrent-jobs-sharing-parents',
  'clock-skew',
] as const;

export type FaultFamily = (typeof faultFamilies)[number];

/** A fault injected into the systems or the sync process between two other steps. */
export type InjectedFault =
  | {
      readonly family:
        | 'plane-429-storm'
        | 'plane-5xx'
        | 'plane-timeout'
        | 'plane-connection-reset'
        | 'odoo-5xx'
        | 'odoo-connection-reset';
      /** How many requests in a row it hits. */
      readonly count: number;
    }
  /** The next drain runs on a process that dies after this many Plane calls, then restarts. */
  | { readonly family: 'crash'; readonly afterPlaneCalls: number }
  /** Every call to one side fails for `minutes` of fake time while the inbox keeps draining. */
  | { readonly family: 'plane-outage' | 'odoo-outage'; readonly minutes: number };

/** One thing that happens during a run. */
export type Step =
  | { readonly kind: 'odoo-rename'; readonly task: number; readonly suffix: number }
  | { readonly kind: 'odoo-deadline'; readonly task: number; readonly day: number }
  /**
   * The second task comes to depend on the first in Odoo (its `depend_on_ids`): the relation must reach
   * Plane through the webhook path. Only added, never dropped: Plane CE cannot remove a relation.
   */
  | { readonly kind: 'odoo-dependency' }
  | { readonly kind: 'plane-rename'; readonly task: number; readonly suffix: number }
  | {
      readonly kind: 'plane-state';
      readonly task: number;
      readonly group: 'started' | 'completed' | 'unstarted';
    }
  /**
   * The webhooks sent so far reach the ingestor: in an order given by `order`, each delivered as many times as
   * `copies` says for its position (0: lost on the way, 2: duplicated); then the inbox drains.
   */
  | { readonly kind: 'deliver'; readonly order: number; readonly copies: readonly (0 | 1 | 2)[] }
  | { readonly kind: 'fault'; readonly fault: InjectedFault }
  /** A new Odoo project whose task jobs (subtasks sharing one new parent) run at once on one or two workers. */
  | {
      readonly kind: 'new-project-burst';
      readonly tasks: number;
      readonly subtasks: number;
      readonly withMilestone: boolean;
      /** Each task depends on the one before it, so a dependent's job may run before its blocker's. */
      readonly dependencies: boolean;
      readonly workers: 1 | 2;
    };

/** A generated fault run: Odoo's clock skew for the whole run and the steps in order. */
export interface Scenario {
  /** Odoo's `write_date`s run this far behind the sync's clock (negative: ahead). */
  readonly odooClockSkewMs: number;
  readonly steps: readonly Step[];
}

const taskIndex = fc.integer({ min: 0, max: taskCount - 1 });

const injectedFault: fc.Arbitrary<InjectedFault> = fc.oneof(
  fc.record({
    family: fc.constantFrom(
      'plane-429-storm' as const,
      'plane-5xx' as const,
      'plane-timeout' as const,
      'plane-connection-reset' as const,
      'odoo-5xx' as const,
      'odoo-connection-reset' as const,
    ),
    count: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    family: fc.constant('crash' as const),
    afterPlaneCalls: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    family: fc.constantFrom('plane-outage' as const, 'odoo-outage' as const),
    minutes: fc.integer({ min: 1, max: 20 }),
  }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('odoo-rename' as const),
      task: taskIndex,
      suffix: fc.nat(99),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'odoo-dependency' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('odoo-deadline' as const),
      task: taskIndex,
      day: fc.integer({ min: 1, max: 28 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('plane-rename' as const),
      task: taskIndex,
      suffix: fc.nat(99),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('plane-state' as const),
      task: taskIndex,
      group: fc.constantFrom('started' as const, 'completed' as const, 'unstarted' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      order: fc.nat(),
      copies: fc.array(
        fc.oneof(
          { weight: 1, arbitrary: fc.constant(0 as const) },
          { weight: 6, arbitrary: fc.constant(1 as const) },
          { weight: 2, arbitrary: fc.constant(2 as const) },
        ),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: injectedFault }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('new-project-burst' as const),
      tasks: fc.integer({ min: 2, max: 3 }),
      subtasks: fc.integer({ min: 0, max: 2 }),
      withMilestone: fc.boolean(),
      dependencies: fc.boolean(),
      workers: fc.constantFrom(1 as const, 2 as const),
    }),
  },
);

/** Generates fault runs: a handful of steps each, with a clock skew in a third of them. */
export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc.record({
  odooClockSkewMs: fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: -10 * 60_000, max: 10 * 60_000 }) },
  ),
  steps: fc.array(step, { minLength: 1, maxLength: 8 }),
});
