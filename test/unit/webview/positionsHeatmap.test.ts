import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantize } from '../../../src/analysis/quantize';
import { divergingLut, lutIndex } from '../../../webview/layout/positionsColor';
import { heatmapCell, heatmapPixels, heatmapTicks, usedRange } from '../../../webview/layout/positionsHeatmap';
import { divergingLegend, heatmapScene } from '../../../webview/layout/positionsHeatmapScene';
import type { ChartTheme } from '../../../webview/layout/positionsMarks';

const THEME: ChartTheme = { foreground: '#111111', muted: '#666666', border: '#cccccc', focus: '#0066cc', background: '#ffffff', dark: false, highContrast: false, font: 'sans-serif' };

test('heatmapPixels colours each cell through the LUT entry of its value', () => {
  const q = quantize(Float32Array.from([1, -1, 0, 1]), [2, 2], 8);
  const lut = divergingLut();
  const px = heatmapPixels(q, lut);
  assert.equal(px.length, 16);
  const rgba = (i: number) => Array.from(px.subarray(i * 4, i * 4 + 4));
  assert.deepEqual(rgba(0), Array.from(lut.subarray(255 * 4, 256 * 4)), '+1 is the last entry');
  assert.deepEqual(rgba(1), Array.from(lut.subarray(0, 4)), '-1 is the first entry');
  const mid = lutIndex(0);
  assert.deepEqual(rgba(2), Array.from(lut.subarray(mid * 4, mid * 4 + 4)));
  assert.equal(px[3], 255, 'opaque');
});

test('heatmapPixels reads 16-bit maps with one scale per block', () => {
  const q = quantize(Float32Array.from([1, 1, -1, -1]), [2, 2], 16, 2);
  const px = heatmapPixels(q, divergingLut());
  assert.notDeepEqual(Array.from(px.subarray(0, 4)), Array.from(px.subarray(8, 12)));
});

test('heatmapCell turns a pixel into (row, column) and is undefined outside the map', () => {
  assert.deepEqual(heatmapCell(0, 0, 100, 10), { i: 0, j: 0 });
  assert.deepEqual(heatmapCell(95, 12, 100, 10), { i: 1, j: 9 });
  assert.equal(heatmapCell(100, 5, 100, 10), undefined);
  assert.equal(heatmapCell(-1, 5, 100, 10), undefined);
});

test('usedRange spans the first to the last used position inside the table', () => {
  assert.deepEqual(usedRange([2, 3, 9, 700], 512), { from: 2, to: 9 });
  assert.equal(usedRange([], 512), undefined);
});

test('heatmapTicks are round numbers inside the table', () => {
  assert.deepEqual(heatmapTicks(512), [0, 200, 400]);
  assert.deepEqual(heatmapTicks(10), [0, 2, 4, 6, 8]);
  assert.deepEqual(heatmapTicks(1), [0]);
});

test('heatmapScene outlines the used block on the diagonal and crosses the selected row and column', () => {
  const s = heatmapScene({ title: 'Learned', rows: 100, used: [10, 11, 19], selected: 50 }, THEME, 200);
  assert.deepEqual(s.map, { x: 34, y: 22, size: 200 });
  const boxes = s.marks.filter((m) => m.kind === 'rect' && m.dash);
  assert.equal(boxes.length, 1);
  assert.deepEqual(boxes[0], { kind: 'rect', x: 34 + 20, y: 22 + 20, width: 20, height: 20, stroke: '#000000', strokeWidth: 1.25, dash: [4, 2] });
  const cross = s.marks.filter((m) => m.kind === 'line' && m.dash);
  assert.equal(cross.length, 2);
  assert.ok(s.marks.some((m) => m.kind === 'text' && m.text === 'Learned'));
});

test('divergingLegend labels the scale from -1 to 1', () => {
  const l = divergingLegend(THEME, 400);
  const labels = l.marks.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
  assert.deepEqual(labels, ['cosine similarity', '-1', '-0.5', '0', '0.5', '1']);
});
