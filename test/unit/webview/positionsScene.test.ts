import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantize } from '../../../src/analysis/quantize';
import { cosineSimilarity, sinusoidalTable } from '../../../src/analysis/positions';
import { projectPca } from '../../../src/analysis/projection';
import { divergingColor, divergingLut, positionColor, positionPalette, sequentialColor } from '../../../webview/layout/positionsColor';
import { type ChartTheme, marksGroup, svgDocument, xmlEscape } from '../../../webview/layout/positionsMarks';
import { nearestPositions } from '../../../webview/layout/positionsScatter';
import { scatterScene, type ScatterInput } from '../../../webview/layout/positionsScatterScene';

const THEME: ChartTheme = { foreground: '#111111', muted: '#666666', border: '#cccccc', focus: '#0066cc', background: '#ffffff', dark: false, highContrast: false, font: 'sans-serif' };
const rows = 64;
const table = sinusoidalTable(rows, 16);
const pca = projectPca(table);
const similarity = quantize(cosineSimilarity(table), [rows, rows], 8);

const input = (o: Partial<ScatterInput> = {}): ScatterInput => ({
  projection: 'pca2d',
  rows,
  points: pca.pca2d,
  used: [1, 2, 3],
  selected: -1,
  neighbours: [],
  explainedVariance: pca.explainedVariance,
  yaw: 0.6,
  pitch: 0.4,
  ...o,
});

const circles = (s: ReturnType<typeof scatterScene>) => s.marks.filter((m) => m.kind === 'circle');

test('scatterScene draws one point per position, rings the used ones and titles PCA axes with their variance', () => {
  const s = scatterScene(input(), THEME, 500, 400);
  assert.equal(s.x.length, rows);
  const points = circles(s).filter((m) => m.fill && m.fill !== THEME.background);
  assert.equal(points.length, rows);
  assert.equal(points.filter((m) => m.stroke === THEME.foreground).length, 3, 'used positions are ringed');
  const texts = s.marks.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
  assert.ok(texts.some((t) => /^PC1 \(\d+\.\d% of variance\)$/.test(t)));
  assert.ok(texts.some((t) => /^PC2 \(/.test(t)));
  assert.ok(texts.includes('used by this input (3)'));
});

test('scatterScene marks the selected position and draws a line to each of its nearest positions', () => {
  const neighbours = nearestPositions(similarity, 10, 5);
  const s = scatterScene(input({ selected: 10, neighbours }), THEME, 500, 400);
  const toNeighbours = s.marks.filter((m) => m.kind === 'line' && m.dash && m.x1 === s.x[10]);
  assert.equal(toNeighbours.length, 5);
  assert.ok(s.marks.some((m) => m.kind === 'circle' && m.stroke === THEME.focus && m.x === s.x[10]));
  assert.ok(s.marks.some((m) => m.kind === 'text' && m.text === '10'));
  assert.equal(new Set(neighbours.map((n) => n.index)).size, 5);
  assert.ok(!neighbours.some((n) => n.index === 10));
});

test('scatterScene in 3-D keeps every point inside the frame at any rotation and draws far points first', () => {
  for (const [yaw, pitch] of [[0, 0], [1, 0.5], [-2, -1.2]]) {
    const s = scatterScene(input({ projection: 'pca3d', points: pca.pca3d, yaw, pitch }), THEME, 400, 400);
    for (let i = 0; i < rows; i++) assert.ok(s.x[i] >= 52 && s.x[i] <= 384 && s.y[i] >= 12 && s.y[i] <= 334, `point ${i} in frame`);
  }
  const texts = scatterScene(input({ projection: 'pca3d', points: pca.pca3d }), THEME, 400, 400).marks.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
  assert.ok(['PC1', 'PC2', 'PC3'].every((t) => texts.includes(t)), 'an orientation gizmo names the axes');
});

test('scatterScene titles UMAP axes without variance', () => {
  const texts = scatterScene(input({ projection: 'umap' }), THEME, 400, 300).marks.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
  assert.ok(texts.includes('UMAP 1') && texts.includes('UMAP 2'));
  assert.ok(!texts.some((t) => t.startsWith('PC')));
});

test('positionColor runs from the start to the end of the sequential scale and avoids the end lost in the background', () => {
  assert.equal(positionColor(0, 10, false), sequentialColor(0, false));
  assert.equal(positionColor(9, 10, true), sequentialColor(1, true));
  assert.notEqual(sequentialColor(1, false), sequentialColor(1, true), 'light themes stop before yellow');
  assert.equal(positionPalette(10, false)[9], positionColor(9, 10, false));
  assert.equal(positionPalette(10, false), positionPalette(10, false), 'computed once');
});

test('divergingLut runs from blue at -1 through near-white to red at +1', () => {
  const lut = divergingLut();
  assert.equal(lut.length, 1024);
  const [r0, , b0] = lut.subarray(0, 4);
  const [r1, , b1] = lut.subarray(1020, 1024);
  assert.ok(b0 > r0, 'blue end');
  assert.ok(r1 > b1, 'red end');
  const mid = lut.subarray(127 * 4, 128 * 4);
  assert.ok(mid[0] > 220 && mid[1] > 220 && mid[2] > 220, 'near white at 0');
  assert.match(divergingColor(0.5), /^rgb\(/);
});

test('marks become SVG with text escaped', () => {
  const g = marksGroup([{ kind: 'text', x: 1, y: 2, text: '<b>&', fill: '#000', size: 10, anchor: 'start', baseline: 'top' }, { kind: 'circle', x: 1.234, y: 2, r: 3, fill: 'red' }], 5, 6);
  assert.equal(g, '<g transform="translate(5 6)"><text x="1" y="2" fill="#000" font-size="10" text-anchor="start" dominant-baseline="hanging">&lt;b&gt;&amp;</text><circle cx="1.23" cy="2" r="3" fill="red"/></g>');
  assert.equal(xmlEscape(`"'`), '&quot;&apos;');
  const doc = svgDocument(10, 20, THEME, g, 'T & U');
  assert.match(doc, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="10" height="20"/);
  assert.match(doc, /<title>T &amp; U<\/title>/);
});

test('an image mark embeds its picture without smoothing', () => {
  const g = marksGroup([{ kind: 'image', x: 0, y: 0, width: 10, height: 10, href: 'data:image/png;base64,AA' }]);
  assert.match(g, /<image [^>]*href="data:image\/png;base64,AA"[^>]*image-rendering="pixelated"/);
});
