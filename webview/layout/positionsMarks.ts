/**
 * The marks the Positions charts are made of. A layout returns marks; the
 * screen paints them on a canvas and the export writes the same marks as
 * SVG, so the exported picture is the one on screen.
 */

export interface ChartTheme {
  foreground: string;
  muted: string;
  border: string;
  focus: string;
  background: string;
  /** Dark or high-contrast dark background. */
  dark: boolean;
  highContrast: boolean;
  font: string;
}

export type Anchor = 'start' | 'middle' | 'end';
export type Baseline = 'top' | 'middle' | 'bottom';

export type Mark =
  | { kind: 'circle'; x: number; y: number; r: number; fill?: string; stroke?: string; strokeWidth?: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; strokeWidth: number; dash?: number[] }
  | { kind: 'polyline'; points: Float32Array | number[]; stroke: string; strokeWidth: number; opacity?: number }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill?: string; stroke?: string; strokeWidth?: number; dash?: number[] }
  | { kind: 'text'; x: number; y: number; text: string; fill: string; size: number; anchor: Anchor; baseline: Baseline; rotate?: number; bold?: boolean }
  | { kind: 'image'; x: number; y: number; width: number; height: number; href: string };

const num = (v: number) => String(Math.round(v * 100) / 100);

/** Escapes text for SVG content and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const BASELINE: Record<Baseline, string> = { top: 'hanging', middle: 'central', bottom: 'text-after-edge' };

function markSvg(m: Mark): string {
  switch (m.kind) {
    case 'circle':
      return `<circle cx="${num(m.x)}" cy="${num(m.y)}" r="${num(m.r)}" fill="${m.fill ? xmlEscape(m.fill) : 'none'}"${m.stroke ? ` stroke="${xmlEscape(m.stroke)}" stroke-width="${num(m.strokeWidth ?? 1)}"` : ''}/>`;
    case 'line':
      return `<line x1="${num(m.x1)}" y1="${num(m.y1)}" x2="${num(m.x2)}" y2="${num(m.y2)}" stroke="${xmlEscape(m.stroke)}" stroke-width="${num(m.strokeWidth)}"${m.dash ? ` stroke-dasharray="${m.dash.join(' ')}"` : ''}/>`;
    case 'polyline': {
      const pts: string[] = [];
      for (let i = 0; i + 1 < m.points.length; i += 2) pts.push(`${num(m.points[i])},${num(m.points[i + 1])}`);
      return `<polyline points="${pts.join(' ')}" fill="none" stroke="${xmlEscape(m.stroke)}" stroke-width="${num(m.strokeWidth)}"${m.opacity !== undefined ? ` stroke-opacity="${m.opacity}"` : ''}/>`;
    }
    case 'rect':
      return `<rect x="${num(m.x)}" y="${num(m.y)}" width="${num(m.width)}" height="${num(m.height)}" fill="${m.fill ? xmlEscape(m.fill) : 'none'}"${m.stroke ? ` stroke="${xmlEscape(m.stroke)}" stroke-width="${num(m.strokeWidth ?? 1)}"` : ''}${m.dash ? ` stroke-dasharray="${m.dash.join(' ')}"` : ''}/>`;
    case 'text': {
      const transform = m.rotate ? ` transform="rotate(${m.rotate} ${num(m.x)} ${num(m.y)})"` : '';
      return `<text x="${num(m.x)}" y="${num(m.y)}" fill="${xmlEscape(m.fill)}" font-size="${m.size}" text-anchor="${m.anchor}" dominant-baseline="${BASELINE[m.baseline]}"${m.bold ? ' font-weight="bold"' : ''}${transform}>${xmlEscape(m.text)}</text>`;
    }
    case 'image':
      return `<image x="${num(m.x)}" y="${num(m.y)}" width="${num(m.width)}" height="${num(m.height)}" href="${xmlEscape(m.href)}" preserveAspectRatio="none" image-rendering="pixelated" style="image-rendering:pixelated"/>`;
  }
}

/** The marks as SVG elements inside a `<g>` moved by `(dx, dy)`. */
export function marksGroup(marks: readonly Mark[], dx = 0, dy = 0): string {
  return `<g transform="translate(${num(dx)} ${num(dy)})">${marks.map(markSvg).join('')}</g>`;
}

/** A standalone SVG document of `width x height` with a background and the given inner SVG. */
export function svgDocument(width: number, height: number, theme: Pick<ChartTheme, 'background' | 'font'>, inner: string, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="${xmlEscape(theme.font)}"><title>${xmlEscape(title)}</title><rect width="100%" height="100%" fill="${xmlEscape(theme.background)}"/>${inner}</svg>`;
}
