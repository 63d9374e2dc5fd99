import { describe, expect, it } from 'vitest';
import { runFaultRuns } from '../reliability/fault-runs.js';

/** CI's share of the generated fault runs; the ≥ 1,000-run local run is in docs/RELIABILITY.md. */
const runs = Number(process.env.RELIABILITY_RUNS ?? 25);
const seed = Number(process.env.RELIABILITY_SEED ?? 20_261_201);

describe('generated fault runs (reliability)', () => {
  it(`keep the promise under every fault family: 0 divergences, 0 duplicates, 0 lost events (${runs} runs, seed ${seed})`, async () => {
    const report = await runFaultRuns({ runs, seed, now: () => 0 });

    expect(report.counterexample).toBeUndefined();
    expect({
      divergences: report.divergences,
      duplicates: report.duplicates,
      lost: report.lost,
    }).toEqual({ divergences: 0, duplicates: 0, lost: 0 });
    expect(report.runs).toBe(runs);
    // The generator reaches the families at this count (the seed is fixed, so this is deterministic).
    expect(
      Object.values(report.runsWithFamily).filter((count) => count > 0).length,
    ).toBeGreaterThanOrEqual(10);
  }, 900_000);
});
