import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headGeometry, headLines, headSvg, joinLines, LEVELS, MAX_WIDE_LINES, paintLines, rowAt, rowY } from '../../../webview/layout/attentionHead';

// 3 tokens; row 0 attends to 1 and 2, row 1 to 0, row 2 to itself; 0.01 is under the threshold.
const M = Float32Array.from([0.01, 0.5, 0.49, 0.9, 0.05, 0.05, 0.0, 0.0, 1.0]);

test('headLines keeps the weights at or above the threshold, in row order', () => {
  const l = headLines(M, 3, 4, 0.02);
  assert.equal(l.count, 6);
  assert.deepEqual(Array.from(l.from), [0, 0, 1, 1, 1, 2]);
  assert.deepEqual(Array.from(l.to), [1, 2, 0, 1, 2, 2]);
  assert.ok(l.head.every((h) => h === 4));
  assert.equal(headLines(M, 3, 0, 0.5).count, 3);
});

test('headLines keeps each row\'s strongest link even under the threshold, so a flat head is not blank', () => {
  const flat = new Float32Array(16).fill(0.25);
  flat[1 * 4 + 2] = 0.26;
  const l = headLines(flat, 4, 0, 0.5);
  assert.equal(l.count, 4);
  assert.deepEqual(Array.from(l.to), [0, 2, 0, 0]);
  assert.ok(l.top.every((t) => t === 1));
});

test('joinLines puts every head\'s lines in one set and keeps their heads', () => {
  // Head 1 at 0.8 still keeps row 0's strongest link (0.5).
  const j = joinLines([headLines(M, 3, 0, 0.5), headLines(M, 3, 1, 0.8)]);
  assert.equal(j.count, 6);
  assert.deepEqual(Array.from(j.head), [0, 0, 0, 1, 1, 1]);
  assert.equal(joinLines([headLines(M, 3, 0, 0.02), headLines(M, 3, 1, 0.02)], 0.6).count, 6, 'the overlay drops weak lines but keeps each row\'s strongest');
});

test('headGeometry gives each token a row, and rowAt finds it again', () => {
  const g = headGeometry(512, 600);
  assert.equal(g.height, 16 + 512 * 16);
  assert.equal(rowAt(g, rowY(g, 300)), 300);
  assert.equal(rowAt(g, 2), -1);
  assert.ok(g.leftX < g.rightX);
});

test('paintLines draws only lines that cross the visible rows', () => {
  const g = headGeometry(3, 400);
  const lines = headLines(M, 3, 0, 0.02);
  assert.equal(paintLines(lines, g, { top: 0, height: g.height }).lines, 6);
  // Only row 2 is visible: the lines 0->2, 1->2 and 2->2 end there.
  assert.equal(paintLines(lines, g, { top: rowY(g, 2) - 2, height: 100 }).lines, 3);
});

test('paintLines isolates a picked token\'s attention out (left) or in (right), and otherwise the focused band', () => {
  const g = headGeometry(3, 400);
  const lines = headLines(M, 3, 0, 0.02);
  const all = { top: 0, height: g.height };
  assert.equal(paintLines(lines, g, all, { side: 'out', index: 0 }).lines, 2);
  assert.equal(paintLines(lines, g, all, { side: 'in', index: 2 }).lines, 3);
  assert.equal(paintLines(lines, g, all, undefined, { from: 0, to: 1 }).lines, 3, 'lines out of token 0 and into it');
});

test('paintLines groups lines by head and opacity, weakest first, with y relative to the view', () => {
  const g = headGeometry(3, 400);
  const p = paintLines(joinLines([headLines(M, 3, 0, 0.02), headLines(M, 3, 1, 0.02)]), g, { top: 10, height: g.height });
  assert.equal(p.lines, 12);
  const levels = p.groups.map((x) => x.level);
  assert.deepEqual(levels, [...levels].sort((a, b) => a - b));
  assert.ok(p.groups.every((x) => x.level < LEVELS && x.alpha > 0 && x.alpha <= 1));
  const strongest = p.groups[p.groups.length - 1];
  assert.equal(strongest.alpha, 1);
  // Head 1's strongest lines, in row order: 1 -> 0 (0.9) first.
  assert.equal(strongest.head, 1);
  assert.equal(strongest.segments[1], rowY(g, 1) - 10);
  assert.equal(p.groups.reduce((s, x) => s + x.segments.length / 4, 0), 12);
});

test('headSvg draws one vector line per weight above its threshold and escapes the labels', () => {
  const g = headGeometry(3, 400);
  const svg = headSvg(headLines(M, 3, 0, 0.02), g, ['<a>', 'b&c', 'd'], 1, { foreground: '#000', background: '#fff', font: 'mono' }, 'Layer 0, head 0', 0.1);
  assert.equal((svg.match(/<line /g) ?? []).length, 4);
  assert.equal((svg.match(/<text /g) ?? []).length, 6);
  assert.ok(svg.includes('&lt;a&gt;') && svg.includes('b&amp;c'));
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
});

test('paintLines cuts lines at the edges of the visible window', () => {
  const g = headGeometry(400, 400);
  const m = new Float32Array(400 * 400);
  m[399 * 400] = 1; // the last row attends to the first
  const view = { top: rowY(g, 200), height: 100 };
  const p = paintLines(headLines(m, 400, 0), g, view);
  const [x0, y0, x1, y1] = p.groups[0].segments;
  assert.equal(y0, 102);
  assert.equal(y1, -2);
  assert.ok(x0 > g.leftX && x1 < g.rightX && x0 < x1, 'the cut line keeps its slope between the columns');
});

test('paintLines draws many lines 1 px wide and a few lines as wide as their weight', () => {
  const n = 100;
  const g = headGeometry(n, 400, 4);
  const m = new Float32Array(n * n).fill(0.5); // 10,000 lines
  const all = paintLines(headLines(m, n, 0), g, { top: 0, height: g.height });
  assert.ok(all.lines > MAX_WIDE_LINES && all.groups.every((x) => x.width === 1));
  const one = paintLines(headLines(m, n, 0), g, { top: 0, height: g.height }, { side: 'out', index: 3 });
  assert.equal(one.lines, n);
  assert.ok(one.groups.every((x) => x.width > 1));
});
