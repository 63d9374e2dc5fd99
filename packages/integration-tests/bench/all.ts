// `npm run bench`: every benchmark of this package, one after the other (never side by side: each one's
// figures would slow the others'). Arguments such as `--write-docs` reach every script.
export {};

const scripts = [
  './initial-sync.js',
  './webhook-door.js',
  './live-latency.js',
  './store-at-scale.js',
];
for (const script of scripts) {
  console.log(`\n── ${script.slice(2, -3)} ──`);
  await import(script);
}
