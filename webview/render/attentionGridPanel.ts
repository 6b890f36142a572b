/**
 * The model view: one canvas holding every layer x head thumbnail, painted
 * from a single atlas image. A cursor (arrow keys) or a click picks a map;
 * Enter or the click opens it in the matrix view.
 */
import type { AttentionSummary } from '../../src/protocol';
import { el } from '../controls';
import { cellBox, gridAriaLabel, gridHit, GridLayout, layoutGrid, moveThumb, thumbAtlas } from '../layout/attentionGrid';
import { heatmapSvg, SvgImage, SvgLabel } from '../layout/attentionSvg';
import { announcer, pixelCanvas, setFont, theme, tooltip } from './attentionCanvas';
import { fitCanvas } from './canvas';

export interface GridPanel {
  element: HTMLElement;
  canvas: HTMLCanvasElement;
  show(summary: AttentionSummary, current: { layer: number; head: number }): void;
  paint(): void;
  png(): string;
  svg(): string;
}

export function createGridPanel(open: (layer: number, head: number) => void): GridPanel {
  const element = el('div', 'attention-grid');
  const canvas = el('canvas', 'attention-canvas attention-grid-canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  const tip = tooltip(element);
  const live = announcer();
  element.append(canvas, live.element);

  let summary: AttentionSummary | undefined;
  let atlas: { of: AttentionSummary; lut: Uint8ClampedArray; canvas: HTMLCanvasElement } | undefined;
  let layout: GridLayout | undefined;
  let current = { layer: 0, head: 0 };
  let cursor = { layer: 0, head: 0 };
  let focused = false;

  function atlasCanvas(): HTMLCanvasElement {
    const t = theme();
    if (!atlas || atlas.of !== summary || atlas.lut !== t.lut) {
      const a = thumbAtlas(summary!.thumbs, t.lut);
      atlas = { of: summary!, lut: t.lut, canvas: pixelCanvas(a.pixels, a.width, a.height, atlas?.canvas) };
    }
    return atlas.canvas;
  }

  function paint(): void {
    if (!summary) return;
    const width = element.clientWidth;
    if (!width) return;
    const g = (layout = layoutGrid(summary.layers, summary.heads, width));
    const ctx = fitCanvas(canvas, g.width, g.height);
    const t = theme();
    const ts = summary.thumbSize;
    const img = atlasCanvas();
    ctx.clearRect(0, 0, g.width, g.height);
    ctx.imageSmoothingEnabled = false;
    setFont(ctx, t, t.font, 11);
    ctx.fillStyle = t.muted;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    for (let h = 0; h < g.heads; h++) ctx.fillText(`H${h}`, cellBox(g, 0, h).x + g.cell / 2, g.top / 2);
    ctx.textAlign = 'right';
    for (let l = 0; l < g.layers; l++) ctx.fillText(`L${l}`, g.left - 6, cellBox(g, l, 0).y + g.cell / 2);
    ctx.strokeStyle = t.border;
    ctx.lineWidth = 1;
    for (let l = 0; l < g.layers; l++) {
      for (let h = 0; h < g.heads; h++) {
        const b = cellBox(g, l, h);
        ctx.drawImage(img, h * ts, l * ts, ts, ts, b.x, b.y, b.size, b.size);
        ctx.strokeRect(b.x - 0.5, b.y - 0.5, b.size + 1, b.size + 1);
      }
    }
    ctx.strokeStyle = t.focus;
    ctx.lineWidth = 2;
    const cur = cellBox(g, current.layer, current.head);
    ctx.strokeRect(cur.x - 2, cur.y - 2, cur.size + 4, cur.size + 4);
    if (focused) {
      const c = cellBox(g, cursor.layer, cursor.head);
      ctx.setLineDash([3, 2]);
      ctx.strokeRect(c.x - 3, c.y - 3, c.size + 6, c.size + 6);
      ctx.setLineDash([]);
    }
    canvas.dataset.thumbs = String(g.layers * g.heads);
    canvas.dataset.cursor = `${cursor.layer},${cursor.head}`;
  }

  const label = (l: number, h: number) => `Layer ${l}, head ${h}`;
  canvas.addEventListener('mousemove', (e) => {
    if (!layout) return;
    const r = canvas.getBoundingClientRect();
    const hit = gridHit(layout, e.clientX - r.left, e.clientY - r.top);
    canvas.style.cursor = hit ? 'pointer' : '';
    if (!hit) return tip.hide();
    tip.show(e.clientX - r.left + canvas.offsetLeft, e.clientY - r.top + canvas.offsetTop, `${label(hit.layer, hit.head)}: click to open`);
  });
  canvas.addEventListener('mouseleave', () => tip.hide());
  canvas.addEventListener('click', (e) => {
    if (!layout) return;
    const r = canvas.getBoundingClientRect();
    const hit = gridHit(layout, e.clientX - r.left, e.clientY - r.top);
    if (hit) open(hit.layer, hit.head);
  });
  canvas.addEventListener('focus', () => {
    focused = true;
    paint();
    live.say(label(cursor.layer, cursor.head));
  });
  canvas.addEventListener('blur', () => {
    focused = false;
    paint();
  });
  canvas.addEventListener('keydown', (e) => {
    if (!summary) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      return open(cursor.layer, cursor.head);
    }
    const next = moveThumb(cursor, e.key, summary.layers, summary.heads);
    if (!next) return;
    e.preventDefault();
    cursor = next;
    live.say(label(next.layer, next.head));
    paint();
  });

  return {
    element,
    canvas,
    show(s, cur) {
      if (s !== summary) cursor = { layer: cur.layer, head: Math.max(0, cur.head) };
      summary = s;
      current = { layer: cur.layer, head: Math.max(0, cur.head) };
      canvas.setAttribute('aria-label', gridAriaLabel(s.layers, s.heads));
      paint();
    },
    paint,
    png: () => canvas.toDataURL('image/png'),
    svg() {
      if (!summary || !layout) return '';
      const t = theme();
      const g = layout;
      const ts = summary.thumbSize;
      const img = atlasCanvas();
      const one = document.createElement('canvas');
      one.width = one.height = ts;
      const oc = one.getContext('2d')!;
      const images: SvgImage[] = [];
      for (let l = 0; l < g.layers; l++) {
        for (let h = 0; h < g.heads; h++) {
          oc.clearRect(0, 0, ts, ts);
          oc.drawImage(img, h * ts, l * ts, ts, ts, 0, 0, ts, ts);
          const b = cellBox(g, l, h);
          images.push({ href: one.toDataURL('image/png'), x: b.x, y: b.y, width: b.size, height: b.size });
        }
      }
      const labels: SvgLabel[] = [];
      for (let h = 0; h < g.heads; h++) labels.push({ x: cellBox(g, 0, h).x + g.cell / 2, y: g.top / 2, text: `H${h}`, anchor: 'middle' });
      for (let l = 0; l < g.layers; l++) labels.push({ x: g.left - 6, y: cellBox(g, l, 0).y + g.cell / 2, text: `L${l}`, anchor: 'end' });
      return heatmapSvg(g.width, g.height, images, labels, { foreground: t.foreground, background: t.background, font: t.font }, gridAriaLabel(g.layers, g.heads));
    },
  };
}
