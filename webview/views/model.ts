/**
 * Model tab: what ran (model, sizes, provider and fallbacks), how long each
 * stage took, the windows, capability notes and warnings.
 */
import type { ExportOption, PanelData, View, ViewContext } from '../context';
import { el } from '../controls';
import { cssVar, jsonText, svgText, svgToPng } from '../exportMenu';
import { modelFacts, timingSegments } from '../layout/modelFacts';

const SVG = 'http://www.w3.org/2000/svg';

export function createModelView(_ctx: ViewContext): View {
  const element = el('section', 'model-view');
  element.setAttribute('aria-label', 'Model');
  let data: PanelData | undefined;
  let timingSvg: SVGSVGElement | undefined;

  function timingChart(d: PanelData): SVGSVGElement {
    const width = 560;
    const height = 44;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('role', 'img');
    const segs = timingSegments(d.result);
    svg.setAttribute('aria-label', `Timings: ${segs.map((s) => `${s.name} ${s.ms.toFixed(1)} ms`).join(', ')}`);
    const fg = cssVar('--vscode-foreground', '#333');
    const shades = ['--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-yellow'];
    segs.forEach((s, i) => {
      const r = document.createElementNS(SVG, 'rect');
      r.setAttribute('x', (s.x * width).toFixed(1));
      r.setAttribute('y', '0');
      r.setAttribute('width', Math.max(1, s.width * width).toFixed(1));
      r.setAttribute('height', '18');
      r.setAttribute('fill', cssVar(shades[i % shades.length], '#888'));
      r.setAttribute('stroke', cssVar('--vscode-editor-background', '#fff'));
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${s.name}: ${s.ms.toFixed(1)} ms`;
      r.append(title);
      const t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', (s.x * width + 2).toFixed(1));
      t.setAttribute('y', '34');
      t.setAttribute('fill', fg);
      t.setAttribute('font-size', '11');
      t.textContent = s.width > 0.08 ? `${s.name} ${s.ms.toFixed(0)} ms` : '';
      svg.append(r, t);
    });
    return svg;
  }

  function render(d: PanelData): void {
    const r = d.result;
    const table = el('table', 'facts');
    for (const f of modelFacts(r)) {
      const tr = el('tr');
      tr.append(el('th', undefined, f.name), el('td', undefined, f.value));
      table.append(tr);
    }
    const caption = el('caption', undefined, 'Model and run');
    table.prepend(caption);
    timingSvg = timingChart(d);
    const timing = el('figure', 'timings');
    timing.append(el('figcaption', undefined, `Timings: ${r.timings.totalMs.toFixed(0)} ms in all`), timingSvg);
    const windows = el('table', 'windows');
    windows.append(el('caption', undefined, `Windows (${r.windows.length})`));
    const head = el('tr');
    for (const h of ['#', 'tokens', 'labels taken for', 'characters']) head.append(el('th', undefined, h));
    windows.append(head);
    for (const w of r.windows) {
      const tr = el('tr');
      for (const v of [String(w.index + 1), `${w.tokenStart}–${w.tokenEnd - 1}`, `${w.ownedStart}–${w.ownedEnd - 1}`, `${w.start}–${w.end}`]) tr.append(el('td', undefined, v));
      windows.append(tr);
    }
    const notes = el('ul', 'notes');
    for (const n of [...r.model.capabilities.notes, ...r.warnings]) notes.append(el('li', undefined, n));
    element.replaceChildren(table, timing, windows);
    if (notes.childElementCount > 0) element.append(el('h3', undefined, 'Notes'), notes);
  }

  return {
    element,
    show(next) {
      data = next;
      render(next);
    },
    exports(): ExportOption[] {
      if (!data || !timingSvg) return [];
      const d = data;
      const svg = timingSvg;
      return [
        { format: 'svg', make: () => svgText(svg) },
        { format: 'png', make: () => svgToPng(svgText(svg), svg.width.baseVal.value, svg.height.baseVal.value) },
        { format: 'json', make: () => jsonText({ model: d.result.model, provider: d.result.provider, timings: d.result.timings, windows: d.result.windows, warnings: d.result.warnings }) },
      ];
    },
  };
}
