/**
 * The Positions tab: how the model encodes token positions. A projection of
 * every position vector (PCA 2D/3D, or UMAP computed by the host), their
 * cosine similarities next to those of the sinusoidal table, and what each
 * token of this input is made of (word + position + type vectors).
 *
 * Everything is drawn from the store's `positions` state, so a reloaded
 * panel shows the same projection, rotation and selection.
 */
import type { PanelPositions } from '../../src/protocol';
import type { ExportOption, PanelData, View, ViewContext } from '../context';
import { button, dropdown, el, toolbar } from '../controls';
import { jsonText, svgToPng } from '../exportMenu';
import { barsLayout } from '../layout/positionsBars';
import { divergingLut } from '../layout/positionsColor';
import { divergingLegend, heatmapScene, type HeatmapScene } from '../layout/positionsHeatmapScene';
import { dequantizeAt } from '../../src/analysis/quantize';
import { positionsKey, keyHelp } from '../layout/positionsKeys';
import { dragRotation } from '../layout/positionsRotate';
import { nearestPositions, pcTitle } from '../layout/positionsScatter';
import { scatterScene, type ScatterScene } from '../layout/positionsScatterScene';
import type { ChartTheme } from '../layout/positionsMarks';
import type { PositionsState, ProjectionView } from '../state';
import { appendBars, barsLegend, renderBarsFrame, seriesColors, type SeriesColors } from '../render/positionsBars';
import { positionsSvg } from '../render/positionsExport';
import { createHeatmapChart, type Cell } from '../render/positionsHeatmap';
import { fitCanvas } from '../render/canvas';
import { paintMarks } from '../render/positionsPaint';
import { createScatterChart } from '../render/positionsScatter';
import { chartTheme, onThemeChange } from '../render/positionsTheme';
import { createTooltip } from '../render/positionsTooltip';
import { describePosition, describeScatter, usedBy } from '../layout/positionsText';

const PROJECTIONS: { value: ProjectionView; label: string }[] = [
  { value: 'pca2d', label: 'PCA 2D' },
  { value: 'pca3d', label: 'PCA 3D' },
  { value: 'umap', label: 'UMAP 2D' },
];

type Umap = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; points: Float32Array } | { status: 'error'; message: string };

export function createPositionsView(ctx: ViewContext): View {
  const element = el('section', 'positions-view');
  element.dataset.state = 'empty';
  const empty = el('p', 'positions-empty');
  empty.setAttribute('role', 'status');
  const body = el('div', 'positions-body');
  body.hidden = true;
  element.append(empty, body);

  const state = () => ctx.store.get().positions;
  const setState = (patch: Partial<PositionsState>) => ctx.store.update({ positions: { ...state(), ...patch } });

  // --- Controls and text -------------------------------------------------
  const projection = dropdown('Projection', PROJECTIONS, state().projection, (v) => setState({ projection: v as ProjectionView }));
  const reset = button('Reset rotation', () => setState({ yaw: 0.6, pitch: 0.4 }));
  reset.setAttribute('aria-label', 'Reset the 3D rotation');
  const umapStatus = el('span', 'positions-umap-status');
  umapStatus.setAttribute('role', 'status');
  const note = el('p', 'positions-note');
  const tooltip = createTooltip();

  // --- Projection ----------------------------------------------------------
  const scatter = createScatterChart({
    hover(index, x, y) {
      if (index < 0 || !pos) return tooltip.hide();
      if (index !== state().selected) setState({ selected: index });
      tooltip.show(positionLines(index), x, y);
    },
    leave: () => tooltip.hide(),
    draggable: () => state().projection === 'pca3d',
    drag(dx, dy) {
      const s = state();
      setState(dragRotation(s.yaw, s.pitch, dx, dy, lastScatter?.height ?? 400));
    },
    key(e) {
      if (!pos) return false;
      const patch = positionsKey({ key: e.key, shift: e.shiftKey }, state(), pos.rows);
      if (!patch) return false;
      setState(patch);
      tooltip.hide();
      return true;
    },
  });
  const keys = el('p', 'positions-keys');
  const details = el('aside', 'positions-details');
  details.setAttribute('aria-live', 'polite');
  details.setAttribute('aria-label', 'Selected position');
  const scatterFigure = el('figure', 'positions-figure');
  scatterFigure.append(scatter.element, keys);
  const top = el('div', 'positions-top');
  top.append(scatterFigure, details);

  // --- Similarity maps ----------------------------------------------------
  const lut = divergingLut();
  let cursor: Cell | undefined;
  let cursorMap: 'learned' | 'sinusoidal' | undefined;
  const heatmapHandlers = (kind: 'learned' | 'sinusoidal') => ({
    hover(cell: Cell | undefined, x: number, y: number) {
      if (!cell) return tooltip.hide();
      tooltip.show(cellLines(kind, cell), x, y);
    },
    click: (cell: Cell) => setState({ selected: cell.i }),
    key(e: KeyboardEvent) {
      if (!pos) return false;
      const step = e.shiftKey ? 10 : 1;
      const c = cursor && cursorMap === kind ? cursor : { i: Math.max(0, state().selected), j: Math.max(0, state().selected) };
      const move: Record<string, [number, number]> = { ArrowUp: [-step, 0], ArrowDown: [step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
      if (e.key === 'Enter' || e.key === ' ') {
        setState({ selected: c.i });
        return true;
      }
      if (e.key === 'Escape') {
        cursor = undefined;
        tooltip.hide();
        drawHeatmaps();
        return true;
      }
      const d = move[e.key];
      if (!d) return false;
      const clamp = (v: number) => Math.min(pos!.rows - 1, Math.max(0, v));
      cursor = { i: clamp(c.i + d[0]), j: clamp(c.j + d[1]) };
      cursorMap = kind;
      drawHeatmaps();
      const chart = kind === 'learned' ? learned : sinusoidal;
      const p = chart.cellPoint(cursor);
      tooltip.show(cellLines(kind, cursor), p.x, p.y);
      return true;
    },
    blur() {
      if (cursorMap !== kind) return;
      cursor = undefined;
      tooltip.hide();
      drawHeatmaps();
    },
  });
  const learned = createHeatmapChart('learned', heatmapHandlers('learned'));
  const sinusoidal = createHeatmapChart('sinusoidal', heatmapHandlers('sinusoidal'));
  const maps = el('div', 'positions-maps');
  maps.append(learned.element, sinusoidal.element);
  const legendCanvas = el('canvas', 'positions-similarity-legend');
  legendCanvas.setAttribute('role', 'img');
  legendCanvas.setAttribute('aria-label', 'Colour scale: cosine similarity from -1 (blue) through 0 (white) to 1 (red)');
  const mapsSection = el('section', 'positions-section');
  mapsSection.append(el('h3', 'positions-heading', 'Cosine similarity between position vectors'), maps, legendCanvas);

  // --- Per-token decomposition ---------------------------------------------
  const barsScroll = el('div', 'positions-bars-scroll');
  barsScroll.tabIndex = 0;
  barsScroll.setAttribute('role', 'region');
  barsScroll.setAttribute('aria-label', 'Per-token embedding parts (scrolls horizontally)');
  const barsNote = el('p', 'positions-note');
  const barsSection = el('section', 'positions-section');
  const barsLegendSlot = el('div');
  barsSection.append(el('h3', 'positions-heading', 'What each token’s input embedding is made of'), barsNote, barsLegendSlot, barsScroll);

  body.append(toolbar(projection.wrap, reset, umapStatus), note, top, mapsSection, barsSection);
  document.body.append(tooltip.element);

  // --- State ---------------------------------------------------------------
  let data: PanelData | undefined;
  let pos: PanelPositions | undefined;
  let generation = 0;
  let umap: Umap = { status: 'idle' };
  let lastScatter: ScatterScene | undefined;
  let lastMaps: HeatmapScene[] = [];
  let barsSvg: SVGSVGElement | undefined;
  let theme: ChartTheme | undefined;
  let colors: SeriesColors | undefined;
  /** The tab's width, from the ResizeObserver (0 while the tab is hidden); never measured by hand, which would force a layout. */
  let width = 0;
  /** The width the charts were last drawn at. */
  let drawnWidth = 0;
  /** A result or theme arrived that the projection and maps do not show yet. */
  let chartsDirty = false;

  const pieces = () => data?.result.tokens.map((t) => t.piece) ?? [];

  function positionLines(index: number): string[] {
    if (!pos) return [];
    return describePosition(index, pos, pieces()).lines;
  }

  function cellLines(kind: 'learned' | 'sinusoidal', c: Cell): string[] {
    if (!pos) return [];
    const q = kind === 'learned' ? pos.similarity : pos.sinusoidalSimilarity;
    const v = dequantizeAt(q, c.i * pos.rows + c.j);
    return [`${kind === 'learned' ? 'Learned' : 'Sinusoidal'}: positions ${c.i} and ${c.j}`, `cosine ${v.toFixed(3)}`];
  }

  function pointsFor(p: PanelPositions, view: ProjectionView): Float32Array | undefined {
    if (view === 'pca2d') return p.pca2d;
    if (view === 'pca3d') return p.pca3d;
    return umap.status === 'ready' ? umap.points : undefined;
  }

  function requestUmap(): void {
    // After a failure, ask again only when the user picks UMAP again (see the store subscription), never in a loop.
    if (!pos || umap.status !== 'idle') return;
    const have = ctx.projections.get('umap');
    if (have) return acceptUmap(have);
    umap = { status: 'loading' };
    const g = generation;
    ctx.projections.request('umap').then(
      (points) => g === generation && (acceptUmap(points), drawScatter()),
      (e: unknown) => {
        if (g !== generation) return;
        umap = { status: 'error', message: e instanceof Error ? e.message : String(e) };
        drawScatter();
      },
    );
  }

  function acceptUmap(points: Float32Array): void {
    umap = pos && points.length === pos.rows * 2 ? { status: 'ready', points } : { status: 'error', message: `UMAP returned ${points.length / 2} points for ${pos?.rows ?? 0} positions.` };
  }

  // Drawing reads `width` and `theme` and never measures. Hidden (width 0): the
  // ResizeObserver draws when the tab shows.
  function drawScatter(): void {
    if (!pos || !theme || width <= 0) return;
    const s = state();
    const sideBySide = width >= 760;
    const w = Math.round(sideBySide ? Math.min(680, width - 260) : Math.min(680, width));
    const h = Math.round(Math.min(520, Math.max(280, w * 0.78)));
    if (s.projection === 'umap') requestUmap();
    reset.hidden = s.projection !== 'pca3d';
    keys.textContent = keyHelp(s.projection);
    umapStatus.textContent = s.projection !== 'umap' ? '' : umap.status === 'loading' ? `Computing UMAP of ${pos.rows} position vectors in the extension host…` : umap.status === 'error' ? `UMAP failed: ${umap.message} Pick UMAP again to retry.` : '';
    umapStatus.classList.toggle('error', s.projection === 'umap' && umap.status === 'error');
    const points = pointsFor(pos, s.projection);
    const selected = s.selected >= 0 && s.selected < pos.rows ? s.selected : -1;
    if (!points) {
      const text = umap.status === 'error' ? `UMAP failed: ${umap.message}` : 'Computing UMAP…';
      lastScatter = { width: w, height: h, x: new Float32Array(0), y: new Float32Array(0), marks: [{ kind: 'rect', x: 52, y: 12, width: w - 68, height: h - 78, stroke: theme.border, strokeWidth: 1 }, { kind: 'text', x: w / 2, y: h / 2 - 30, text, fill: theme.muted, size: 12, anchor: 'middle', baseline: 'middle' }] };
    } else {
      const neighbours = selected >= 0 ? nearestPositions(pos.similarity, selected, 5) : [];
      lastScatter = scatterScene({ projection: s.projection, rows: pos.rows, points, used: pos.used, selected, neighbours, explainedVariance: pos.explainedVariance, yaw: s.yaw, pitch: s.pitch }, theme, w, h);
    }
    scatter.draw(lastScatter, theme);
    drawnWidth = width;
    const c = scatter.canvas;
    c.dataset.projection = s.projection;
    c.dataset.points = String(points ? pos.rows : 0);
    c.dataset.used = String(pos.used.length);
    c.dataset.selected = String(selected);
    c.dataset.umap = umap.status;
    c.setAttribute('aria-label', describeScatter(s.projection, pos, selected, points ? 'ready' : umap.status === 'error' ? 'error' : 'loading'));
    details.replaceChildren(...detailsContent(selected));
  }

  function detailsContent(selected: number): HTMLElement[] {
    if (!pos) return [];
    if (selected < 0) return [el('p', 'positions-hint', 'Hover a point, or focus the chart and use the arrow keys, to see a position and its nearest positions.')];
    const d = describePosition(selected, pos, pieces());
    const list = el('ol', 'positions-nearest');
    for (const n of d.nearest) list.append(el('li', undefined, `${n.index} · cosine ${n.similarity.toFixed(3)}${n.used ? ' · used' : ''}`));
    return [el('h4', 'positions-selected', `Position ${selected}`), el('p', undefined, d.usage), el('p', 'positions-hint', 'Nearest positions by cosine similarity:'), list];
  }

  function drawHeatmaps(): void {
    if (!pos || !theme || width <= 0) return;
    const per = Math.floor((width - 2 * 16 - 2 * 44) / 2);
    const size = Math.max(140, Math.min(360, per));
    const s = state();
    lastMaps = [learned, sinusoidal].map((chart, k) => {
      const kind = k === 0 ? 'learned' : 'sinusoidal';
      const title = k === 0 ? 'Learned position vectors' : 'Sinusoidal table (Vaswani et al.)';
      const scene = heatmapScene({ title, rows: pos!.rows, used: pos!.used, selected: s.selected, cursor: cursorMap === kind ? cursor : undefined }, theme!, size);
      chart.draw(scene, theme!);
      return scene;
    });
    const legend = divergingLegend(theme, Math.min(420, width));
    paintMarks(fitCanvas(legendCanvas, legend.width, legend.height), legend.marks, theme);
  }

  /** Bars per task when drawing in slices. */
  const BAR_SLICE = 128;

  /** Draws the bars: all at once, or `BAR_SLICE` per task with `sliced` (the next slice is returned as a timer). */
  function drawBars(sliced = false): void {
    if (!pos || !data || !theme || !colors) return;
    const t = theme;
    const c = colors;
    const tokens = pos.tokens;
    const layout = barsLayout(tokens, pieces());
    const root = renderBarsFrame(layout, t, c);
    barsSvg = root;
    root.setAttribute('aria-label', `Stacked bars of the L2 norms of the word, position and token-type vectors of ${tokens.length} tokens, with the cosines between them below`);
    barsScroll.replaceChildren(root);
    barsLegendSlot.replaceChildren(barsLegend(c));
    const slice = (from: number) => {
      if (barsSvg !== root) return; // a newer result or theme replaced this chart
      const to = sliced ? from + BAR_SLICE : tokens.length;
      appendBars(root, layout, tokens, t, c, from, to);
      markSelectedBar();
      barsTimer = to < tokens.length ? window.setTimeout(() => slice(to)) : 0;
    };
    slice(0);
  }

  function markSelectedBar(): void {
    const s = String(state().selected);
    barsSvg?.querySelectorAll<SVGGElement>('g.bar').forEach((g) => g.classList.toggle('selected', g.dataset.position === s));
  }

  function drawCharts(): void {
    const t0 = performance.now();
    chartsDirty = false;
    drawScatter();
    drawHeatmaps();
    performance.measure('bert-lens:positions.charts', { start: t0 });
  }

  function drawAll(): void {
    cancelScheduled();
    theme = chartTheme();
    colors = seriesColors();
    if (width > 0) drawCharts();
    else chartsDirty = true;
    drawBars();
  }

  // A new result is drawn after the message's task, in steps that are each
  // short at 514 rows: the projection and maps in the next frame (or when
  // the tab shows), then the bars in slices.
  let frame = 0;
  let barsTimer = 0;
  function drawSoon(): void {
    cancelScheduled();
    chartsDirty = true;
    frame = requestAnimationFrame(() => {
      frame = 0;
      theme = chartTheme();
      colors = seriesColors();
      if (width > 0) drawCharts();
      barsTimer = window.setTimeout(() => {
        barsTimer = 0;
        const t1 = performance.now();
        drawBars(true);
        performance.measure('bert-lens:positions.bars', { start: t1 });
      });
    });
  }

  function cancelScheduled(): void {
    if (frame) cancelAnimationFrame(frame);
    if (barsTimer) clearTimeout(barsTimer);
    frame = barsTimer = 0;
  }

  /** Finishes a scheduled draw now (an export must see every chart). */
  function flush(): void {
    if (frame || barsTimer) drawAll();
  }

  function showEmpty(reason: string): void {
    cancelScheduled();
    element.dataset.state = 'empty';
    body.hidden = true;
    empty.hidden = false;
    empty.textContent = reason;
  }

  ctx.store.subscribe((s, prev) => {
    if (!pos || s.positions === prev.positions) return;
    const a = s.positions;
    const b = prev.positions;
    if (a.projection !== b.projection) {
      projection.control.value = a.projection;
      if (a.projection === 'umap' && umap.status === 'error') umap = { status: 'idle' };
    }
    drawScatter();
    if (a.selected !== b.selected) {
      drawHeatmaps();
      markSelectedBar();
    }
  });
  onThemeChange(() => pos && drawAll());
  // Runs after layout, so reading the size costs nothing; it also fires when the tab is shown (0 -> width).
  new ResizeObserver((entries) => {
    width = Math.floor(entries[entries.length - 1].contentRect.width);
    if (pos && theme && width > 0 && (chartsDirty || width !== drawnWidth)) drawCharts();
  }).observe(element);

  return {
    element,
    show(next) {
      const t0 = performance.now();
      data = next;
      pos = next.result.positions;
      generation++;
      umap = { status: 'idle' };
      cursor = undefined;
      lastScatter = undefined;
      if (!pos) {
        const why = next.result.warnings.filter((w) => /position/i.test(w));
        if (why.length === 0 && next.result.model.capabilities.positions) {
          return showEmpty('Position embeddings were not computed for this analysis: the setting bertLens.outputs.positions is off. Turn it on and run the analysis again.');
        }
        return showEmpty(`No position embeddings for this model. ${why.join(' ') || 'The position-embedding matrix could not be read from the ONNX file.'}`);
      }
      element.dataset.state = 'ready';
      empty.hidden = true;
      body.hidden = false;
      projection.control.value = state().projection;
      note.textContent = `${pos.rows} positions × ${pos.hidden} dimensions from ${pos.source || 'the model'}${pos.offset > 0 ? `; this model's position ids start at ${pos.offset}, so positions 0–${pos.offset - 1} are never used by text` : ''}. PCA: ${[1, 2, 3].map((n) => pcTitle(n, pos!.explainedVariance)).join(', ')}.`;
      barsNote.textContent = `${pos.tokens.length} tokens; position vectors ${pos.tokenSource === 'graph-output' ? 'as the model computed them' : 'read from the position table'}. ${usedBy(pos)}`;
      learned.setData(pos.similarity, lut);
      sinusoidal.setData(pos.sinusoidalSimilarity, lut);
      learned.overlay.setAttribute('aria-label', `Cosine similarity of the learned position vectors, ${pos.rows} by ${pos.rows}; used positions ${usedBy(pos, true)} outlined. Arrow keys move a cursor, Enter selects its row.`);
      sinusoidal.overlay.setAttribute('aria-label', `Cosine similarity of the sinusoidal position table of the same shape, ${pos.rows} by ${pos.rows}, for comparison. Arrow keys move a cursor, Enter selects its row.`);
      drawSoon();
      // A user-timing entry, so tests and profiles can see what this tab costs.
      performance.measure('bert-lens:positions.show', { start: t0 });
    },
    activate() {
      // The ResizeObserver sees the tab appear and draws; this covers a tab shown at the width it was hidden at.
      if (pos && theme && !frame && chartsDirty && width > 0) drawCharts();
    },
    exports(): ExportOption[] {
      if (!pos || !data) return [];
      const p = pos;
      const svg = () => {
        flush();
        const t = theme ?? chartTheme();
        return positionsSvg(
          {
            title: `Position embeddings · ${data!.result.model.name} · ${p.rows} × ${p.hidden}`,
            scatter: lastScatter,
            heatmaps: lastMaps.map((scene, k) => ({ scene, href: (k === 0 ? learned : sinusoidal).imageUrl() })),
            similarityLegend: divergingLegend(t, 420),
            bars: barsSvg,
            colors: colors ?? seriesColors(),
          },
          t,
        );
      };
      return [
        { format: 'svg', make: () => svg().svg },
        {
          format: 'png',
          make: () => {
            const s = svg();
            return svgToPng(s.svg, s.width, s.height);
          },
        },
        { format: 'json', make: () => jsonText(exportData(p, data!)) },
      ];
    },
  };

  function exportData(p: PanelPositions, d: PanelData) {
    const s = state();
    const pairs = (a: Float32Array, k: number) => Array.from({ length: p.rows }, (_, r) => Array.from(a.subarray(r * k, (r + 1) * k)));
    return {
      model: d.result.model.name,
      rows: p.rows,
      hidden: p.hidden,
      offset: p.offset,
      source: p.source,
      projection: s.projection,
      explainedVariance: p.explainedVariance,
      pca2d: pairs(p.pca2d, 2),
      pca3d: pairs(p.pca3d, 3),
      umap: umap.status === 'ready' ? pairs(umap.points, 2) : undefined,
      used: p.used,
      tokenSource: p.tokenSource,
      tokens: p.tokens.map((t) => ({ piece: d.result.tokens[t.token]?.piece, ...t })),
    };
  }
}
