/**
 * A self-contained HTML report of one analysis (no scripts, no network):
 * the text with entity chips, the entity list and the token table. Shared by
 * the CLI (`--html`) and the extension's "Export Results…".
 */
import { AnalysisResult, EntitySpan } from '../protocol';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const KNOWN_HUES: Record<string, number> = { PER: 210, LOC: 140, ORG: 30, MISC: 280 };

/** A stable hue per entity type (named types get fixed, distinct hues). */
export function entityHue(label: string): number {
  const type = label.replace(/^[BIESLU]-/, '');
  if (type in KNOWN_HUES) return KNOWN_HUES[type];
  let h = 0;
  for (let i = 0; i < type.length; i++) h = (h * 31 + type.charCodeAt(i)) % 360;
  return h;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function chip(s: EntitySpan): string {
  const hue = entityHue(s.label);
  return `<mark class="ent" style="--hue:${hue}" title="${escapeHtml(`${s.label} ${pct(s.score)} [${s.start}, ${s.end})`)}">${escapeHtml(s.text)}<span class="lbl">${escapeHtml(s.label)} ${pct(s.score)}</span></mark>`;
}

/** The text with spans marked; spans are sorted and non-overlapping. */
export function entityMarkup(text: string, spans: readonly EntitySpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue; // never overlap a chip (only strategy none could)
    out += escapeHtml(text.slice(at, s.start)) + chip(s);
    at = s.end;
  }
  return out + escapeHtml(text.slice(at));
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; } }
body { font: 14px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.meta { color: var(--muted); }
.text { white-space: pre-wrap; line-height: 2.4; border: 1px solid var(--line); border-radius: 6px; padding: 1rem; }
.ent { background: hsl(var(--hue) 70% 50% / 0.18); border: 1px solid hsl(var(--hue) 60% 45% / 0.7); border-radius: 4px; padding: 0.1rem 0.25rem; color: inherit; }
.lbl { font-size: 0.7em; font-weight: 600; margin-left: 0.35rem; color: hsl(var(--hue) 60% 40%); }
@media (prefers-color-scheme: dark) { .lbl { color: hsl(var(--hue) 70% 70%); } }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
td, th { border-bottom: 1px solid var(--line); padding: 0.2rem 0.6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; }
code { font-family: ui-monospace, monospace; }
`;

export function renderHtmlReport(result: AnalysisResult, text: string): string {
  const m = result.model;
  const spanRows = result.spans
    .map((s) => `<tr><td>${escapeHtml(s.label)}</td><td><code>${escapeHtml(s.text)}</code></td><td class="n">${s.start}</td><td class="n">${s.end}</td><td class="n">${pct(s.score)}</td></tr>`)
    .join('\n');
  const tokenRows = result.tokens
    .map((t) => `<tr><td class="n">${t.index}</td><td><code>${escapeHtml(t.piece)}</code></td><td><code>${escapeHtml(text.slice(t.start, t.end))}</code></td><td class="n">${t.start}</td><td class="n">${t.end}</td><td class="n">${t.positionId}</td><td>${escapeHtml(t.label)}</td><td class="n">${pct(t.score)}</td><td>${t.topK.map((a) => `${escapeHtml(a.label)} ${pct(a.score)}`).join(', ')}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>BERT Lens report: ${escapeHtml(m.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>BERT Lens: ${escapeHtml(m.name)}</h1>
<p class="meta">${escapeHtml(m.family)}, ${m.layers} layers, ${m.heads} heads, hidden ${m.hidden}, ${m.maxPositions} positions · provider ${escapeHtml(result.provider.used)} · ${result.tokens.length} tokens in ${result.windows.length} window${result.windows.length === 1 ? '' : 's'} (stride ${result.stride}) · aggregation ${escapeHtml(result.aggregation)} · ${result.timings.totalMs.toFixed(1)} ms</p>
${result.warnings.map((w) => `<p class="meta">⚠ ${escapeHtml(w)}</p>`).join('\n')}
<h2>Entities</h2>
<div class="text">${entityMarkup(text, result.spans)}</div>
<h2>${result.spans.length} entit${result.spans.length === 1 ? 'y' : 'ies'}</h2>
<table><thead><tr><th>label</th><th>text</th><th>start</th><th>end</th><th>score</th></tr></thead><tbody>
${spanRows}
</tbody></table>
<h2>Tokens</h2>
<table><thead><tr><th>#</th><th>piece</th><th>text</th><th>start</th><th>end</th><th>position</th><th>label</th><th>score</th><th>top-${result.tokens[0]?.topK.length ?? 3}</th></tr></thead><tbody>
${tokenRows}
</tbody></table>
</body>
</html>
`;
}
