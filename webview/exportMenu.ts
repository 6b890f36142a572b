/**
 * Export buttons for the visible view: PNG, SVG (where the view is vector, or
 * a picture inside vector axes) and JSON of the data. The host asks where to
 * save and writes the file.
 */
import type { ExportFormat, View } from './context';
import { el } from './controls';

export function exportMenu(current: () => View, send: (view: string, format: ExportFormat, data: string) => void, name: () => string): HTMLElement {
  const wrap = el('div', 'export');
  wrap.setAttribute('role', 'group');
  wrap.setAttribute('aria-label', 'Export the current view');
  wrap.append(el('span', 'control-label', 'Export'));
  for (const format of ['png', 'svg', 'json'] as const) {
    const b = document.createElement('vscode-button');
    b.setAttribute('appearance', 'secondary');
    b.className = `export-${format}`;
    b.textContent = format.toUpperCase();
    b.setAttribute('aria-label', `Export the current view as ${format.toUpperCase()}`);
    b.addEventListener('click', () => void run(format));
    wrap.append(b);
  }
  const run = async (format: ExportFormat) => {
    const option = current()
      .exports()
      .find((o) => o.format === format);
    if (!option) return;
    send(name(), format, await option.make());
  };
  return wrap;
}

/** Serialises an SVG element as a standalone file. */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(copy);
}

/** Rasterises SVG text to a PNG data URL (through an <img>, which the CSP allows for data: URLs). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<string> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const g = canvas.getContext('2d')!;
  g.scale(scale, scale);
  g.drawImage(img, 0, 0, width, height);
  return canvas.toDataURL('image/png');
}

/** The computed value of a CSS variable, for SVG exports that must carry the theme's colours with them. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** JSON text of plain data, typed arrays as arrays. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v), 2);
}
