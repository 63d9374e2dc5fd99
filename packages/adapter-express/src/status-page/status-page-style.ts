/**
 * The page's only stylesheet, inline so the page needs no second request and no build step. The router
 * allows exactly this text through its Content-Security-Policy hash; nothing else may style or script
 * the page.
 */
export const statusPageStyle = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6577; --line: #dde2ea; --bad: #b42318;
  --warn: #b54708; --good: #067647; --panel: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
header { padding: 16px 24px; border-bottom: 1px solid var(--line); display: flex; gap: 16px;
  align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 20px; margin: 0; }
header p { margin: 0; color: var(--muted); }
main { padding: 16px 24px 40px; display: grid; gap: 20px; }
section { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
h2 { font-size: 16px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; }
.tile { background: var(--panel); border-radius: 8px; padding: 10px 12px; }
.tile b { display: block; font-size: 22px; }
.tile span { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; background: var(--panel); }
.badge.dead, .badge.failed, .badge.conflict { color: var(--bad); }
.badge.applied, .badge.ok { color: var(--good); }
.badge.partial, .badge.deferred { color: var(--warn); }
.notice { padding: 10px 12px; border-radius: 8px; margin: 0; }
.notice.success { background: #ecfdf3; color: var(--good); }
.notice.error { background: #fef3f2; color: var(--bad); }
.replay-controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 0 0 8px; }
input[type=password] { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; }
button { font: inherit; padding: 3px 10px; border-radius: 6px; border: 1px solid #98a2b3; background: #fff; cursor: pointer; }
button:hover { background: var(--panel); }
`;
