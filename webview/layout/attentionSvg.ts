/**
 * Heatmaps exported as SVG: the picture stays a raster (an `<image>` holding
 * a PNG data URL, one pixel per cell, scaled without smoothing) and the axis
 * labels are vector text, so a 512 x 512 map does not become 262,144 rects.
 */
import type { SvgTheme } from './attentionHead';

export interface SvgLabel {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  /** Degrees, about the label's point. */
  rotate?: number;
  /** Fill; the theme's foreground when absent. */
  color?: string;
}

export interface SvgImage {
  href: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SvgRect {
  x: number;
  y: number;
  width: number;
  height: number;
  stroke: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n1 = (v: number) => (Math.round(v * 10) / 10).toString();

export function heatmapSvg(width: number, height: number, images: SvgImage[], labels: SvgLabel[], theme: SvgTheme, title: string, fontSize = 11, outlines: SvgRect[] = []): string {
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${n1(width)}" height="${n1(height)}" viewBox="0 0 ${n1(width)} ${n1(height)}" font-family="${esc(theme.font)}" font-size="${fontSize}">`);
  out.push(`<title>${esc(title)}</title>`, `<rect width="100%" height="100%" fill="${esc(theme.background)}"/>`);
  for (const im of images) {
    out.push(`<image href="${esc(im.href)}" x="${n1(im.x)}" y="${n1(im.y)}" width="${n1(im.width)}" height="${n1(im.height)}" preserveAspectRatio="none" image-rendering="pixelated" style="image-rendering:pixelated"/>`);
  }
  for (const r of outlines) out.push(`<rect x="${n1(r.x)}" y="${n1(r.y)}" width="${n1(r.width)}" height="${n1(r.height)}" fill="none" stroke="${esc(r.stroke)}" stroke-width="2"/>`);
  out.push(`<g fill="${esc(theme.foreground)}" dominant-baseline="middle">`);
  for (const l of labels) {
    const rot = l.rotate ? ` transform="rotate(${l.rotate} ${n1(l.x)} ${n1(l.y)})"` : '';
    const fill = l.color ? ` fill="${esc(l.color)}"` : '';
    out.push(`<text x="${n1(l.x)}" y="${n1(l.y)}" text-anchor="${l.anchor}"${rot}${fill}>${esc(l.text)}</text>`);
  }
  out.push('</g></svg>');
  return out.join('\n');
}

/** Shortens a label to `max` characters with an ellipsis. */
export function clip(text: string, max = 14): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
