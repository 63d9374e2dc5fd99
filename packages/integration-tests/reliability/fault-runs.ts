import fc from 'fast-check';
import { runScenario, type RunOutcome } from './run-scenario.js';
import { faultFamilies, scenarioArbitrary, type FaultFamily, type Scenario } from './scenario.js';

/** Totals of a batch of generated fault runs, and the first failing case shrunk to its smallest form. */
export interface FaultRunsReport {
  readonly seed: number;
  readonly runs: number;
  readonly durationMs: number;
  /** Faults injected per family, over every run. */
  readonly faults: Record<FaultFamily, number>;
  /** Runs that injected at least one fault of each family. */
  readonly runsWithFamily: Record<FaultFamily, number>;
  readonly divergences: number;
  readonly duplicates: number;
  readonly lost: number;
  /** The shrunk counterexample and its broken promises, when a run failed. */
  readonly counterexample?: { readonly scenario: Scenario; readonly outcome: RunOutcome };
}

const broken = (outcome: RunOutcome): boolean =>
  outcome.divergences.length + outcome.duplicates.length + outcome.lost.length > 0;

/**
 * Runs `runs` scenarios generated from `seed` (the same seed gives the same scenarios), tallies what they
 * injected and found, and when one failed lets fast-check shrink the failure to a minimal scenario.
 */
export async function runFaultRuns(options: {
  readonly runs: number;
  readonly seed: number;
  /** Called after every run (progress output). */
  readonly onRun?: (index: number, outcome: RunOutcome) => void;
  /** Wall-clock milliseconds, injected so the suite stays free of ambient time. */
  readonly now: () => number;
}): Promise<FaultRunsReport> {
  const startedAt = options.now();
  const zero = (): Record<FaultFamily, number> =>
    Object.fromEntries(faultFamilies.map((family) => [family, 0])) as Record<FaultFamily, number>;
  const faults = zero();
  const runsWithFamily = zero();
  let divergences = 0;
  let duplicates = 0;
  let lost = 0;
  let failed = false;
  const scenarios = fc.sample(scenarioArbitrary, { numRuns: options.runs, seed: options.seed });
  for (const [index, scenario] of scenarios.entries()) {
    const outcome = await runScenario(scenario);
    for (const [family, injected] of Object.entries(outcome.faults) as [FaultFamily, number][]) {
      faults[family] += injected;
      if (injected > 0) runsWithFamily[family] += 1;
    }
    divergences += outcome.divergences.length;
    duplicates += outcome.duplicates.length;
    lost += outcome.lost.length;
    failed ||= broken(outcome);
    options.onRun?.(index, outcome);
  }
  let counterexample: FaultRunsReport['counterexample'];
  if (failed) {
    const details = await fc.check(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => !broken(await runScenario(scenario))),
      { numRuns: options.runs, seed: options.seed },
    );
    const scenario = details.counterexample?.[0];
    if (scenario !== undefined) counterexample = { scenario, outcome: await runScenario(scenario) };
  }
  return {
    seed: options.seed,
    runs: scenarios.length,
    durationMs: options.now() - startedAt,
    faults,
    runsWithFamily,
    divergences,
    duplicates,
    lost,
    ...(counterexample === undefined ? {} : { counterexample }),
  };
}
