/**
 * The Positions tab as one SVG document: the projection and the bars as
 * vectors, the similarity maps as embedded pictures under vector labels.
 * PNG export rasterises this same document.
 */
import { COSINE_LABEL, COSINES, PART_LABEL, PARTS } from '../layout/positionsBars';
import type { HeatmapScene } from '../layout/positionsHeatmapScene';
import { type ChartTheme, type Mark, marksGroup, svgDocument } from '../layout/positionsMarks';
import type { ScatterScene } from '../layout/positionsScatterScene';
import { svgText } from '../exportMenu';
import type { SeriesColors } from './positionsBars';

export interface ExportParts {
  title: string;
  scatter?: ScatterScene;
  heatmaps: { scene: HeatmapScene; href: string }[];
  similarityLegend: { width: number; height: number; marks: Mark[] };
  bars?: SVGSVGElement;
  colors: SeriesColors;
}

const GAP = 16;

export function positionsSvg(p: ExportParts, theme: ChartTheme): { svg: string; width: number; height: number } {
  const inner: string[] = [];
  let y = 8;
  let width = 0;
  inner.push(marksGroup([{ kind: 'text', x: 0, y: 0, text: p.title, fill: theme.foreground, size: 13, anchor: 'start', baseline: 'top', bold: true }], 8, y));
  y += 24;
  if (p.scatter) {
    inner.push(marksGroup(p.scatter.marks, 0, y));
    width = Math.max(width, p.scatter.width);
    y += p.scatter.height + GAP;
  }
  let x = 0;
  let rowHeight = 0;
  for (const h of p.heatmaps) {
    const picture: Mark = { kind: 'image', x: h.scene.map.x, y: h.scene.map.y, width: h.scene.map.size, height: h.scene.map.size, href: h.href };
    inner.push(marksGroup([picture, ...h.scene.marks], x, y));
    x += h.scene.width + GAP;
    rowHeight = Math.max(rowHeight, h.scene.height);
  }
  if (p.heatmaps.length) {
    width = Math.max(width, x);
    y += rowHeight + 4;
    inner.push(marksGroup(p.similarityLegend.marks, HEATMAP_INDENT, y));
    y += p.similarityLegend.height + GAP;
  }
  if (p.bars) {
    const legend = barsLegendMarks(p.colors, theme);
    inner.push(marksGroup(legend, 8, y));
    y += 20;
    const w = Number(p.bars.getAttribute('width'));
    const h = Number(p.bars.getAttribute('height'));
    inner.push(svgText(p.bars).replace(/^<svg /, `<svg x="0" y="${y}" `));
    width = Math.max(width, w);
    y += h;
  }
  const height = y + 8;
  return { svg: svgDocument(width, height, theme, inner.join(''), p.title), width, height };
}

/** The similarity legend sits under the maps, level with their left edge. */
const HEATMAP_INDENT = 34;

function barsLegendMarks(colors: SeriesColors, theme: ChartTheme): Mark[] {
  const marks: Mark[] = [];
  let x = 0;
  const label = (text: string) => {
    marks.push({ kind: 'text', x: x + 14, y: 6, text, fill: theme.foreground, size: 11, anchor: 'start', baseline: 'middle' });
    x += 14 + text.length * 6.5 + 14;
  };
  for (const part of PARTS) {
    marks.push({ kind: 'rect', x, y: 1, width: 10, height: 10, fill: colors.parts[part] });
    label(`|${PART_LABEL[part]}|`);
  }
  for (const c of COSINES) {
    marks.push({ kind: 'circle', x: x + 5, y: 6, r: 3.5, fill: colors.cosines[c] });
    label(COSINE_LABEL[c]);
  }
  return marks;
}
