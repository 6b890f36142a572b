/**
 * The per-token decomposition as SVG: stacked norm bars with the token
 * pieces under them and the three cosines on a strip between. Colours are
 * written as attributes (from the theme) so the element exports as is.
 */
import type { TokenEmbeddingParts } from '../../src/protocol';
import { barDescription, COSINE_LABEL, COSINES, type CosineKind, PART_LABEL, PARTS, type Part, type BarsLayout } from '../layout/positionsBars';
import type { ChartTheme } from '../layout/positionsMarks';
import { cssVar } from '../exportMenu';

const NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface SeriesColors {
  parts: Record<Part, string>;
  cosines: Record<CosineKind, string>;
}

/** The theme's chart colours (VS Code defines `--vscode-charts-*` in every theme, high contrast included). */
export function seriesColors(): SeriesColors {
  return {
    parts: { word: cssVar('--vscode-charts-blue', '#3794ff'), position: cssVar('--vscode-charts-orange', '#d18616'), type: cssVar('--vscode-charts-green', '#89d185') },
    cosines: { cosWordPosition: cssVar('--vscode-charts-purple', '#b180d7'), cosWordType: cssVar('--vscode-charts-red', '#f14c4c'), cosPositionType: cssVar('--vscode-charts-yellow', '#cca700') },
  };
}

/** A marker shape per cosine, so the three series differ without colour. */
function marker(kind: CosineKind, x: number, y: number, fill: string, stroke: string): SVGElement {
  const common = { fill, stroke, 'stroke-width': 0.75 };
  if (kind === 'cosWordPosition') return svg('circle', { cx: x, cy: y, r: 3, ...common });
  if (kind === 'cosWordType') return svg('rect', { x: x - 2.75, y: y - 2.75, width: 5.5, height: 5.5, ...common });
  return svg('path', { d: `M${x},${y - 3.75}L${x + 3.75},${y}L${x},${y + 3.75}L${x - 3.75},${y}Z`, ...common });
}

/**
 * The chart's frame: axes, titles and the cosine lines. The bars follow with
 * `appendBars`, in slices, so 500 tokens (4,000 elements) never make one long task.
 */
export function renderBarsFrame(layout: BarsLayout, theme: ChartTheme, colors: SeriesColors): SVGSVGElement {
  const root = svg('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, 'font-family': theme.font, 'font-size': 10, class: 'positions-bars', role: 'img' });
  const right = layout.width - layout.right;
  const axes = svg('g', { class: 'axes' });
  for (const t of layout.normTicks) {
    axes.append(svg('line', { x1: layout.left, x2: right, y1: t.y, y2: t.y, stroke: theme.border, 'stroke-width': t.value === 0 ? 1 : 0.5 }));
    axes.append(svg('text', { x: layout.left - 4, y: t.y, 'text-anchor': 'end', 'dominant-baseline': 'central', fill: theme.muted }, String(t.value)));
  }
  axes.append(svg('text', { x: 10, y: (layout.normTop + layout.normBottom) / 2, transform: `rotate(-90 10 ${(layout.normTop + layout.normBottom) / 2})`, 'text-anchor': 'middle', 'dominant-baseline': 'central', fill: theme.foreground }, 'L2 norm'));
  for (const t of layout.cosTicks) {
    axes.append(svg('line', { x1: layout.left, x2: right, y1: t.y, y2: t.y, stroke: theme.border, 'stroke-width': t.value === 0 ? 1 : 0.5, 'stroke-dasharray': t.value === 0 ? '' : '2 2' }));
    axes.append(svg('text', { x: layout.left - 4, y: t.y, 'text-anchor': 'end', 'dominant-baseline': 'central', fill: theme.muted }, String(t.value)));
  }
  axes.append(svg('text', { x: 10, y: (layout.cosTop + layout.cosBottom) / 2, transform: `rotate(-90 10 ${(layout.cosTop + layout.cosBottom) / 2})`, 'text-anchor': 'middle', 'dominant-baseline': 'central', fill: theme.foreground }, 'cosine'));
  root.append(axes);
  for (const kind of COSINES) root.append(svg('path', { d: layout.cosPaths[kind], fill: 'none', stroke: colors.cosines[kind], 'stroke-width': 1, 'stroke-opacity': 0.6, class: `cos-line cos-${kind}` }));
  return root;
}

/** Appends bars `[from, to)`; `data-bars` says how many are drawn. */
export function appendBars(root: SVGSVGElement, layout: BarsLayout, tokens: readonly TokenEmbeddingParts[], theme: ChartTheme, colors: SeriesColors, from: number, to: number): void {
  const outline = theme.highContrast ? theme.foreground : theme.background;
  const frag = document.createDocumentFragment();
  for (let k = from; k < Math.min(to, layout.bars.length); k++) {
    const b = layout.bars[k];
    const g = svg('g', { class: 'bar' });
    g.dataset.position = String(b.positionId);
    g.append(svg('title', {}, barDescription(tokens[k], b.piece)));
    for (const s of b.segments) {
      if (s.height <= 0) continue;
      g.append(svg('rect', { x: b.x - layout.barWidth / 2, y: s.y, width: layout.barWidth, height: s.height, fill: colors.parts[s.part], stroke: outline, 'stroke-width': 0.5, class: `part-${s.part}` }));
    }
    for (const c of b.cosines) g.append(marker(c.kind, b.x, c.y, colors.cosines[c.kind], outline));
    g.append(svg('text', { x: b.x, y: layout.labelY, transform: `rotate(-60 ${b.x} ${layout.labelY})`, 'text-anchor': 'end', 'dominant-baseline': 'central', fill: theme.foreground, class: 'bar-label' }, b.label));
    frag.append(g);
  }
  root.append(frag);
  root.dataset.bars = String(root.querySelectorAll('g.bar').length);
}

/** A legend in HTML (it stays put while the chart scrolls). */
export function barsLegend(colors: SeriesColors): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'positions-legend';
  const item = (swatch: SVGElement, label: string) => {
    const s = svg('svg', { width: 12, height: 12, viewBox: '-6 -6 12 12', 'aria-hidden': 'true' });
    s.append(swatch);
    const span = document.createElement('span');
    span.className = 'positions-legend-item';
    span.append(s, document.createTextNode(label));
    wrap.append(span);
  };
  for (const p of PARTS) item(svg('rect', { x: -5, y: -5, width: 10, height: 10, fill: colors.parts[p] }), `|${PART_LABEL[p]}|`);
  for (const c of COSINES) item(marker(c, 0, 0, colors.cosines[c], 'none'), COSINE_LABEL[c]);
  return wrap;
}
