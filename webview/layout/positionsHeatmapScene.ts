/**
 * What is drawn over a similarity map: title, frame, index ticks, the block
 * of positions this input uses (on the diagonal, with brackets on the axes),
 * the selected position's row and column and the keyboard cursor. The map
 * itself is a picture (heatmapPixels) under these marks.
 */
import { divergingColor } from './positionsColor';
import { heatmapTicks, usedRange } from './positionsHeatmap';
import type { ChartTheme, Mark } from './positionsMarks';

export interface HeatmapInput {
  title: string;
  rows: number;
  used: readonly number[];
  selected: number;
  cursor?: { i: number; j: number };
}

export interface HeatmapScene {
  width: number;
  height: number;
  /** Where the picture goes. */
  map: { x: number; y: number; size: number };
  marks: Mark[];
}

export const HEATMAP_MARGIN = { top: 22, right: 10, bottom: 22, left: 34 };
const FONT = 10;

export function heatmapScene(input: HeatmapInput, theme: ChartTheme, size: number): HeatmapScene {
  const m = HEATMAP_MARGIN;
  const { rows } = input;
  const cell = size / Math.max(1, rows);
  const at = (p: number) => p * cell;
  const X = (p: number) => m.left + at(p);
  const Y = (p: number) => m.top + at(p);
  const marks: Mark[] = [];
  marks.push({ kind: 'text', x: m.left, y: 4, text: input.title, fill: theme.foreground, size: FONT + 1, anchor: 'start', baseline: 'top', bold: true });
  marks.push({ kind: 'rect', x: m.left, y: m.top, width: size, height: size, stroke: theme.border, strokeWidth: 1 });
  for (const t of heatmapTicks(rows)) {
    const c = at(t + 0.5);
    marks.push({ kind: 'line', x1: m.left + c, y1: m.top + size, x2: m.left + c, y2: m.top + size + 3, stroke: theme.muted, strokeWidth: 1 });
    marks.push({ kind: 'text', x: m.left + c, y: m.top + size + 5, text: String(t), fill: theme.muted, size: FONT, anchor: 'middle', baseline: 'top' });
    marks.push({ kind: 'line', x1: m.left - 3, y1: m.top + c, x2: m.left, y2: m.top + c, stroke: theme.muted, strokeWidth: 1 });
    marks.push({ kind: 'text', x: m.left - 5, y: m.top + c, text: String(t), fill: theme.muted, size: FONT, anchor: 'end', baseline: 'middle' });
  }
  const range = usedRange(input.used, rows);
  if (range) {
    const a = at(range.from);
    const span = Math.max(at(range.to + 1) - a, 2);
    // Two strokes, light under dark, so the box shows on red, blue and white alike.
    marks.push({ kind: 'rect', x: m.left + a, y: m.top + a, width: span, height: span, stroke: '#ffffff', strokeWidth: 3 });
    marks.push({ kind: 'rect', x: m.left + a, y: m.top + a, width: span, height: span, stroke: '#000000', strokeWidth: 1.25, dash: [4, 2] });
    marks.push({ kind: 'line', x1: m.left + a, y1: m.top - 3, x2: m.left + a + span, y2: m.top - 3, stroke: theme.focus, strokeWidth: 3 });
    marks.push({ kind: 'line', x1: m.left - 30, y1: m.top + a, x2: m.left - 30, y2: m.top + a + span, stroke: theme.focus, strokeWidth: 3 });
  }
  const s = input.selected;
  if (s >= 0 && s < rows) {
    const c = at(s + 0.5);
    marks.push({ kind: 'line', x1: m.left, y1: m.top + c, x2: m.left + size, y2: m.top + c, stroke: theme.foreground, strokeWidth: 1, dash: [3, 3] });
    marks.push({ kind: 'line', x1: m.left + c, y1: m.top, x2: m.left + c, y2: m.top + size, stroke: theme.foreground, strokeWidth: 1, dash: [3, 3] });
  }
  const k = input.cursor;
  if (k && k.i >= 0 && k.i < rows && k.j >= 0 && k.j < rows) {
    const w = Math.max(cell, 6);
    marks.push({ kind: 'rect', x: X(k.j + 0.5) - w / 2, y: Y(k.i + 0.5) - w / 2, width: w, height: w, stroke: theme.focus, strokeWidth: 2 });
  }
  return { width: m.left + size + m.right, height: m.top + size + m.bottom, map: { x: m.left, y: m.top, size }, marks };
}

/** A horizontal legend of the diverging scale from -1 to 1. */
export function divergingLegend(theme: ChartTheme, width: number): { width: number; height: number; marks: Mark[] } {
  const marks: Mark[] = [];
  const x0 = 92;
  const w = Math.max(60, width - x0 - 24);
  const steps = 48;
  marks.push({ kind: 'text', x: 0, y: 8, text: 'cosine similarity', fill: theme.foreground, size: FONT + 1, anchor: 'start', baseline: 'middle' });
  for (let i = 0; i < steps; i++) marks.push({ kind: 'rect', x: x0 + (i * w) / steps, y: 2, width: w / steps + 0.5, height: 12, fill: divergingColor(-1 + (2 * (i + 0.5)) / steps) });
  marks.push({ kind: 'rect', x: x0, y: 2, width: w, height: 12, stroke: theme.border, strokeWidth: 1 });
  for (const v of [-1, -0.5, 0, 0.5, 1]) marks.push({ kind: 'text', x: x0 + ((v + 1) / 2) * w, y: 17, text: String(v), fill: theme.muted, size: FONT, anchor: 'middle', baseline: 'top' });
  return { width: x0 + w + 24, height: 30, marks };
}
