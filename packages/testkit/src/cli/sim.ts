export {};

// `npm run sim -- <plane|odoo> [flags]`: serves a simulator over HTTP on loopback, prints one JSON line
// describing how to reach it, and keeps serving until stopped (Ctrl-C / SIGTERM).
const [system, ...argv] = process.argv.slice(2);

const runners: Record<string, () => Promise<{ run(argv: readonly string[]): Promise<void> }>> = {
  plane: async () => {
    const module = await import('./plane.js');
    return { run: module.runPlaneSimulatorCommand };
  },
  odoo: async () => {
    const module = await import('./odoo.js');
    return { run: module.runOdooSimulatorCommand };
  },
};

const load = system === undefined ? undefined : runners[system];
if (load === undefined) {
  console.error('usage: npm run sim -- <plane|odoo> [--port N] [...flags]; see packages/testkit/README.md');
  process.exit(2);
} else {
  const runner = await load();
  await runner.run(argv);
}
