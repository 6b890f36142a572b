/**
 * The matrix view: the shown matrix painted once into an image (one pixel per
 * cell, through the colour table), then drawn scaled with smoothing off at the
 * current zoom. Zoom and pan come from d3-zoom and live in the UI state; axis
 * labels are drawn for as many cells as fit.
 */
import { select } from 'd3-selection';
import { zoom as d3zoom, zoomIdentity, ZoomBehavior } from 'd3-zoom';
import type { Zoom } from '../state';
import { el } from '../controls';
import { AttentionMatrix, cellText, matrixAriaLabel, matrixPixels, MatrixSubject, maxValue } from '../layout/attentionMatrix';
import { clip, heatmapSvg, SvgLabel, SvgRect } from '../layout/attentionSvg';
import { Cell, cellAt, cellSpan, clampZoom, ensureVisible, fromTransform, IDENTITY, maxZoom, moveCell, PlotBox, toTransform, visibleTicks, zoomBy } from '../layout/attentionZoom';
import { announcer, pixelCanvas, setFont, theme, tooltip } from './attentionCanvas';
import { fitCanvas } from './canvas';

export interface MatrixScene {
  matrix: AttentionMatrix;
  subject: MatrixSubject;
  level: 'token' | 'word';
  band?: { from: number; to: number };
  zoom: Zoom;
}

export interface MatrixPanel {
  element: HTMLElement;
  canvas: HTMLCanvasElement;
  show(scene: MatrixScene): void;
  paint(): void;
  png(): string;
  svg(): string;
}

const MARGIN = 96;
const LABEL_GAP = 13;

export function createMatrixPanel(onZoom: (z: Zoom) => void): MatrixPanel {
  const element = el('div', 'attention-matrix');
  const canvas = el('canvas', 'attention-canvas attention-matrix-canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  const tip = tooltip(element);
  const live = announcer();
  const scale = el('p', 'attention-scale');
  element.append(canvas, scale, live.element);

  let scene: MatrixScene | undefined;
  let image: HTMLCanvasElement | undefined;
  let imageOf: { m: AttentionMatrix; lut: Uint8ClampedArray } | undefined;
  let box: PlotBox = { left: MARGIN, top: MARGIN, side: 0 };
  let cursor: Cell | undefined;
  let syncing = false;

  const zoomer: ZoomBehavior<HTMLCanvasElement, unknown> = d3zoom<HTMLCanvasElement, unknown>().on('zoom', (e: { transform: { k: number; x: number; y: number } }) => {
    if (syncing || !scene || !box.side) return;
    onZoom(clampZoom(fromTransform(e.transform, box), scene.matrix.n));
  });
  select(canvas).call(zoomer).on('dblclick.zoom', null);

  /** Tells d3-zoom where the view is, without echoing it back as a user zoom. */
  function syncZoom(z: Zoom): void {
    if (!scene || !box.side) return;
    const ext: [[number, number], [number, number]] = [
      [box.left, box.top],
      [box.left + box.side, box.top + box.side],
    ];
    zoomer.extent(ext).translateExtent(ext).scaleExtent([1, maxZoom(scene.matrix.n)]);
    const t = toTransform(z, box);
    syncing = true;
    zoomer.transform(select(canvas), zoomIdentity.translate(t.x, t.y).scale(t.k));
    syncing = false;
  }

  function ensureImage(): HTMLCanvasElement {
    const t = theme();
    if (!image || !imageOf || imageOf.m !== scene!.matrix || imageOf.lut !== t.lut) {
      const m = scene!.matrix;
      // Coloured up to the largest weight shown (a head that never exceeds 0.2 still shows its pattern); the tooltip gives exact values.
      const vmax = Math.min(1, maxValue(m.values));
      image = pixelCanvas(matrixPixels(m.values, t.lut, vmax), m.n, m.n, image);
      scale.textContent = `Colour: from 0 (background) to ${vmax.toFixed(4)} (full accent), the largest weight shown. Wheel or +/- to zoom, drag to pan, 0 to reset.`;
      imageOf = { m, lut: t.lut };
    }
    return image;
  }

  function paint(): void {
    if (!scene) return;
    const width = element.clientWidth;
    if (!width) return;
    const side = Math.max(160, Math.min(width - MARGIN - 12, Math.max(320, window.innerHeight - 300)));
    box = { left: MARGIN, top: MARGIN, side };
    const { matrix: m, band } = scene;
    const z = clampZoom(scene.zoom, m.n);
    const g = fitCanvas(canvas, MARGIN + side + 8, MARGIN + side + 8);
    const t = theme();
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.save();
    g.beginPath();
    g.rect(box.left, box.top, side, side);
    g.clip();
    g.imageSmoothingEnabled = false;
    g.drawImage(ensureImage(), box.left + side * z.x, box.top + side * z.y, side * z.k, side * z.k);
    g.strokeStyle = t.focus;
    if (band) {
      const r = cellSpan(band.from, m.n, z.k, z.y, side);
      const c = cellSpan(band.from, m.n, z.k, z.x, side);
      const len = (band.to - band.from) * r.size;
      g.lineWidth = 2;
      g.setLineDash([4, 3]);
      g.strokeRect(box.left, box.top + r.from, side, len);
      g.strokeRect(box.left + c.from, box.top, len, side);
      g.setLineDash([]);
    }
    if (cursor) {
      const r = cellSpan(cursor.row, m.n, z.k, z.y, side);
      const c = cellSpan(cursor.col, m.n, z.k, z.x, side);
      g.lineWidth = 2;
      g.strokeRect(box.left + c.from - 1, box.top + r.from - 1, c.size + 2, r.size + 2);
    }
    g.restore();
    g.strokeStyle = t.border;
    g.lineWidth = 1;
    g.strokeRect(box.left - 0.5, box.top - 0.5, side + 1, side + 1);
    const size = (side * z.k) / m.n;
    setFont(g, t, t.monoFont, Math.max(8, Math.min(12, size - 1)));
    g.textBaseline = 'middle';
    const inBand = (i: number) => band !== undefined && i >= band.from && i < band.to;
    g.textAlign = 'right';
    for (const tk of visibleTicks(m.n, z.k, z.y, side, LABEL_GAP)) {
      g.fillStyle = inBand(tk.index) || cursor?.row === tk.index ? t.focus : t.foreground;
      g.fillText(clip(m.labels[tk.index]), box.left - 4, box.top + tk.at, MARGIN - 8);
    }
    g.textAlign = 'left';
    for (const tk of visibleTicks(m.n, z.k, z.x, side, LABEL_GAP)) {
      g.save();
      g.translate(box.left + tk.at, box.top - 4);
      g.rotate(-Math.PI / 2);
      g.fillStyle = inBand(tk.index) || cursor?.col === tk.index ? t.focus : t.foreground;
      g.fillText(clip(m.labels[tk.index]), 0, 0, MARGIN - 8);
      g.restore();
    }
    canvas.dataset.cells = String(m.n * m.n);
    canvas.dataset.n = String(m.n);
    canvas.dataset.zoom = z.k.toFixed(3);
    syncZoom(z);
  }

  function showCell(c: Cell, announce: boolean): void {
    if (!scene) return;
    const z = clampZoom(scene.zoom, scene.matrix.n);
    const r = cellSpan(c.row, scene.matrix.n, z.k, z.y, box.side);
    const col = cellSpan(c.col, scene.matrix.n, z.k, z.x, box.side);
    const text = cellText(scene.matrix, c.row, c.col);
    tip.show(box.left + col.from + col.size, box.top + r.from + r.size, text);
    canvas.dataset.cursor = `${c.row},${c.col}`;
    if (announce) live.say(text);
  }

  canvas.addEventListener('mousemove', (e) => {
    if (!scene) return;
    const rect = canvas.getBoundingClientRect();
    const c = cellAt(e.clientX - rect.left, e.clientY - rect.top, scene.matrix.n, clampZoom(scene.zoom, scene.matrix.n), box);
    if (!c) return tip.hide();
    const text = cellText(scene.matrix, c.row, c.col);
    tip.show(e.clientX - rect.left + canvas.offsetLeft, e.clientY - rect.top + canvas.offsetTop, text);
  });
  canvas.addEventListener('mouseleave', () => (cursor ? showCell(cursor, false) : tip.hide()));
  canvas.addEventListener('blur', () => tip.hide());
  canvas.addEventListener('keydown', (e) => {
    if (!scene) return;
    const n = scene.matrix.n;
    if (e.key === '+' || e.key === '=' || e.key === '-') {
      e.preventDefault();
      return onZoom(zoomBy(scene.zoom, e.key === '-' ? 1 / 1.5 : 1.5, n));
    }
    if (e.key === '0') {
      e.preventDefault();
      return onZoom(IDENTITY);
    }
    if (e.key === 'Escape') {
      cursor = undefined;
      tip.hide();
      return paint();
    }
    const next = moveCell(cursor ?? { row: scene.band?.from ?? 0, col: 0 }, e.key, n, n);
    if (!next) return;
    e.preventDefault();
    cursor = next;
    const z = ensureVisible(clampZoom(scene.zoom, n), n, next.row, next.col);
    if (z.x !== scene.zoom.x || z.y !== scene.zoom.y) onZoom(z);
    else paint();
    showCell(next, true);
  });

  return {
    element,
    canvas,
    show(s) {
      if (scene && scene.matrix.n !== s.matrix.n) cursor = undefined;
      scene = s;
      canvas.setAttribute('aria-label', matrixAriaLabel(s.subject, s.matrix, s.level));
      paint();
      if (cursor && document.activeElement === canvas) showCell(cursor, false);
    },
    paint,
    png: () => canvas.toDataURL('image/png'),
    svg() {
      if (!scene) return '';
      const t = theme();
      const m = scene.matrix;
      // Every label legible: at least 12 px per cell.
      const side = Math.max(480, m.n * 12);
      const cell = side / m.n;
      const labels: SvgLabel[] = [];
      const inBand = (i: number) => scene!.band !== undefined && i >= scene!.band.from && i < scene!.band.to;
      m.labels.forEach((l, i) => {
        const at = MARGIN + (i + 0.5) * cell;
        const color = inBand(i) ? t.focus : undefined;
        labels.push({ x: MARGIN - 4, y: at, text: clip(l), anchor: 'end', color }, { x: at, y: MARGIN - 4, text: clip(l), anchor: 'start', rotate: -90, color });
      });
      const band = scene.band;
      const outlines: SvgRect[] = band
        ? [
            { x: MARGIN, y: MARGIN + band.from * cell, width: side, height: (band.to - band.from) * cell, stroke: t.focus },
            { x: MARGIN + band.from * cell, y: MARGIN, width: (band.to - band.from) * cell, height: side, stroke: t.focus },
          ]
        : [];
      const href = ensureImage().toDataURL('image/png');
      return heatmapSvg(MARGIN + side + 8, MARGIN + side + 8, [{ href, x: MARGIN, y: MARGIN, width: side, height: side }], labels, { foreground: t.foreground, background: t.background, font: t.monoFont }, canvas.getAttribute('aria-label') ?? '', 11, outlines);
    },
  };
}
