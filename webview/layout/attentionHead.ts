/**
 * The head view (after BertViz): tokens in a left column (attending) and a
 * right column (attended to), a line for each weight above a threshold, its
 * opacity and width growing with the weight. Lines are extracted once per
 * head and kept; a paint only culls them to the visible rows and groups them
 * by head and opacity, so the canvas strokes one path per group instead of
 * one per line.
 */
import { headColors } from './colorScale';

/** Weights below this are not drawn (uniform attention over 512 tokens is 0.002). */
export const LINE_THRESHOLD = 0.02;
/** The SVG export keeps only the stronger lines, so the file stays small. */
export const SVG_THRESHOLD = 0.1;
/** Opacity steps: lines are stroked in this many groups per head. */
export const LEVELS = 8;
/**
 * Above this many lines a paint draws them all 1 px wide (weight shows as
 * opacity only): canvas rasterizes 1 px lines on a fast path, and wider ones
 * cost ten times more without a GPU (4,000 lines: ~30 ms against ~500 ms).
 */
export const MAX_WIDE_LINES = 400;

export interface HeadLines {
  count: number;
  from: Uint16Array;
  to: Uint16Array;
  weight: Float32Array;
  head: Uint8Array;
  /** 1 for a row's strongest link, kept whatever its weight. */
  top: Uint8Array;
}

/** Column of the largest weight in row `r`. */
function rowMax(values: Float32Array, n: number, r: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (values[r * n + c] > values[r * n + best]) best = c;
  return best;
}

/**
 * The lines of one head's `n x n` matrix with weight `>= threshold`, in row
 * order, plus each row's strongest link whatever its weight: a flat head
 * (untrained, or attending evenly over 512 tokens) still shows where each
 * token looks most, faintly, instead of nothing.
 */
export function headLines(values: Float32Array, n: number, head: number, threshold = LINE_THRESHOLD): HeadLines {
  const best = new Int32Array(n);
  let count = 0;
  for (let r = 0; r < n; r++) {
    best[r] = rowMax(values, n, r);
    if (!(values[r * n + best[r]] > 0)) best[r] = -1; // an empty row (hidden or masked) has no strongest link
    for (let c = 0; c < n; c++) if (values[r * n + c] >= threshold || c === best[r]) count++;
  }
  const out: HeadLines = { count, from: new Uint16Array(count), to: new Uint16Array(count), weight: new Float32Array(count), head: new Uint8Array(count).fill(head), top: new Uint8Array(count) };
  let k = 0;
  for (let r = 0; r < n; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) {
      const v = values[row + c];
      if (v < threshold && c !== best[r]) continue;
      out.from[k] = r;
      out.to[k] = c;
      out.top[k] = c === best[r] ? 1 : 0;
      out.weight[k++] = v;
    }
  }
  return out;
}

/** The all-heads overlay keeps only stronger lines: twelve heads of faint lines are a grey wash (and slow to rasterize). */
export const OVERLAY_THRESHOLD = 0.05;

/** Several heads' lines as one set (the all-heads overlay), without those under `threshold` (rows' strongest links stay). */
export function joinLines(parts: HeadLines[], threshold = 0): HeadLines {
  const keep = (p: HeadLines, i: number) => p.weight[i] >= threshold || p.top[i] === 1;
  let count = 0;
  for (const p of parts) for (let i = 0; i < p.count; i++) if (keep(p, i)) count++;
  const out: HeadLines = { count, from: new Uint16Array(count), to: new Uint16Array(count), weight: new Float32Array(count), head: new Uint8Array(count), top: new Uint8Array(count) };
  let k = 0;
  for (const p of parts) {
    for (let i = 0; i < p.count; i++) {
      if (!keep(p, i)) continue;
      out.from[k] = p.from[i];
      out.to[k] = p.to[i];
      out.weight[k] = p.weight[i];
      out.top[k] = p.top[i];
      out.head[k++] = p.head[i];
    }
  }
  return out;
}

export interface HeadGeometry {
  width: number;
  /** Full height of all rows (the canvas shows a window of it). */
  height: number;
  rowHeight: number;
  /** Right edge of the left labels, left edge of the right labels. */
  leftX: number;
  rightX: number;
  top: number;
  n: number;
}

/** Columns and rows of the head view for `n` tokens in `width` pixels. */
export function headGeometry(n: number, width: number, rowHeight = 16, labelWidth = 110): HeadGeometry {
  const w = Math.max(240, width);
  const lw = Math.min(labelWidth, Math.floor(w / 4));
  const top = 8;
  return { width: w, height: top * 2 + n * rowHeight, rowHeight, leftX: lw, rightX: w - lw, top, n };
}

/** The y of row `i`'s centre. */
export const rowY = (g: HeadGeometry, i: number) => g.top + (i + 0.5) * g.rowHeight;

/** The row under a y, or -1. */
export function rowAt(g: HeadGeometry, y: number): number {
  const i = Math.floor((y - g.top) / g.rowHeight);
  return i >= 0 && i < g.n ? i : -1;
}

/** A token picked by hover or keyboard: its attention out (left column) or in (right column). */
export interface Pick {
  side: 'out' | 'in';
  index: number;
}

export interface LineGroup {
  head: number;
  /** 0 … LEVELS-1 */
  level: number;
  alpha: number;
  width: number;
  /** x0, y0, x1, y1 per line, y relative to the visible window's top. */
  segments: Float32Array;
}

export interface HeadPaint {
  groups: LineGroup[];
  lines: number;
}

const levelOf = (w: number) => Math.min(LEVELS - 1, Math.floor(Math.sqrt(Math.min(1, w)) * LEVELS));
export const levelAlpha = (level: number) => (level + 1) / LEVELS;
export const levelWidth = (level: number) => 0.6 + (2.4 * (level + 1)) / LEVELS;

/**
 * The lines to draw in the rows `[top, top + height)` (pixels): only those of
 * the picked token, or else of the focused band, or else all; grouped by head
 * and opacity level, widths by weight only when there are few.
 */
export function paintLines(lines: HeadLines, g: HeadGeometry, view: { top: number; height: number }, pick?: Pick, band?: { from: number; to: number }): HeadPaint {
  const buckets = new Map<number, number[]>();
  const bottom = view.top + view.height;
  const x0 = g.leftX + 6;
  const x1 = g.rightX - 6;
  let drawn = 0;
  for (let i = 0; i < lines.count; i++) {
    const f = lines.from[i];
    const t = lines.to[i];
    if (pick) {
      if ((pick.side === 'out' ? f : t) !== pick.index) continue;
    } else if (band && !(f >= band.from && f < band.to) && !(t >= band.from && t < band.to)) continue;
    const y0 = rowY(g, f);
    const y1 = rowY(g, t);
    if (Math.max(y0, y1) < view.top || Math.min(y0, y1) > bottom) continue;
    const key = lines.head[i] * LEVELS + levelOf(lines.weight[i]);
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = []));
    clipSegment(b, x0, y0 - view.top, x1, y1 - view.top, view.height);
    drawn++;
  }
  const groups = [...buckets.entries()]
    .sort((a, b) => (a[0] % LEVELS) - (b[0] % LEVELS) || a[0] - b[0])
    .map(([key, segs]) => {
      const level = key % LEVELS;
      return { head: Math.floor(key / LEVELS), level, alpha: levelAlpha(level), width: drawn > MAX_WIDE_LINES ? 1 : levelWidth(level), segments: Float32Array.from(segs) };
    });
  return { groups, lines: drawn };
}

/**
 * Pushes the part of a segment within `[-2, height + 2]` in y. A line from row
 * 500 to row 0 would otherwise reach thousands of pixels past the canvas, and
 * software rasterizers pay for the whole length.
 */
function clipSegment(out: number[], x0: number, y0: number, x1: number, y1: number, height: number): void {
  const lo = -2;
  const hi = height + 2;
  if (y0 === y1 || (y0 >= lo && y0 <= hi && y1 >= lo && y1 <= hi)) {
    out.push(x0, y0, x1, y1);
    return;
  }
  const at = (y: number) => x0 + ((x1 - x0) * (y - y0)) / (y1 - y0);
  const [ya, yb] = [Math.min(Math.max(y0, lo), hi), Math.min(Math.max(y1, lo), hi)];
  out.push(at(ya), ya, at(yb), yb);
}

/** The canvas's accessible name. */
export function headAriaLabel(layer: number, head: number, n: number, level: 'token' | 'word', focused?: string): string {
  const what = head < 0 ? `all heads of layer ${layer}` : `layer ${layer}, head ${head}`;
  const focus = focused ? ` Focused on "${focused}": its lines are drawn, the others faded.` : '';
  return `Attention of ${what}: ${n} ${level === 'word' ? 'words' : 'tokens'}, each on the left linked to those it attends to on the right.${focus} Up and down arrows pick a token, left and right choose its attention out or in.`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface SvgTheme {
  foreground: string;
  background: string;
  font: string;
}

/** The head view as a standalone SVG: every line of weight `>= threshold`, with both label columns. */
export function headSvg(lines: HeadLines, g: HeadGeometry, labels: string[], heads: number, theme: SvgTheme, title: string, threshold = SVG_THRESHOLD): string {
  const colors = headColors(heads);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" font-family="${esc(theme.font)}" font-size="12">`);
  out.push(`<title>${esc(title)}</title>`, `<rect width="100%" height="100%" fill="${esc(theme.background)}"/>`);
  out.push('<g fill="none" stroke-linecap="round">');
  for (let i = 0; i < lines.count; i++) {
    const w = lines.weight[i];
    if (w < threshold) continue;
    const level = levelOf(w);
    const y0 = rowY(g, lines.from[i]).toFixed(1);
    const y1 = rowY(g, lines.to[i]).toFixed(1);
    out.push(`<line x1="${g.leftX + 6}" y1="${y0}" x2="${g.rightX - 6}" y2="${y1}" stroke="${colors[lines.head[i]]}" stroke-opacity="${levelAlpha(level).toFixed(3)}" stroke-width="${levelWidth(level).toFixed(2)}"/>`);
  }
  out.push('</g>', `<g fill="${esc(theme.foreground)}" dominant-baseline="middle">`);
  labels.forEach((l, i) => {
    const y = rowY(g, i).toFixed(1);
    out.push(`<text x="${g.leftX}" y="${y}" text-anchor="end">${esc(l)}</text><text x="${g.rightX}" y="${y}">${esc(l)}</text>`);
  });
  out.push('</g></svg>');
  return out.join('\n');
}
