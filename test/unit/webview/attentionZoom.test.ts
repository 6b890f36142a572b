import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellAt, cellSpan, clampZoom, ensureVisible, fromTransform, maxZoom, moveCell, toTransform, visibleTicks, zoomBy } from '../../../webview/layout/attentionZoom';

const BOX = { left: 96, top: 80, side: 400 };
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

test('toTransform and fromTransform convert a saved zoom to d3-zoom pixels and back', () => {
  const z = { k: 3, x: -0.7, y: -1.2 };
  const back = fromTransform(toTransform(z, BOX), BOX);
  close(back.k, 3);
  close(back.x, -0.7);
  close(back.y, -1.2);
  // The plot corner lands at left + side * x: screen = k * left + tx.
  const t = toTransform(z, BOX);
  close(3 * BOX.left + t.x, BOX.left + BOX.side * z.x);
});

test('a saved zoom shows the same cells on a canvas of another size', () => {
  const z = { k: 4, x: -1.5, y: -2 };
  const small = cellAt(96 + 100, 80 + 100, 64, z, BOX);
  const big = cellAt(96 + 200, 80 + 200, 64, z, { left: 96, top: 80, side: 800 });
  assert.deepEqual(small, big);
});

test('clampZoom keeps the scale in range and leaves no empty space beside the plot', () => {
  assert.deepEqual(clampZoom({ k: 0.5, x: 0.3, y: -9 }, 100), { k: 1, x: 0, y: 0 });
  assert.deepEqual(clampZoom({ k: 1000, x: 5, y: -1000 }, 100), { k: 25, x: 0, y: -24 });
  assert.deepEqual(clampZoom({ k: NaN, x: NaN, y: 0 }, 10), { k: 1, x: 0, y: 0 });
  assert.equal(maxZoom(2), 1);
});

test('cellAt finds the cell that cellSpan places, and nothing outside the plot', () => {
  const z = { k: 2, x: -0.5, y: -0.25 };
  const n = 20;
  const r = cellSpan(7, n, z.k, z.y, BOX.side);
  const c = cellSpan(11, n, z.k, z.x, BOX.side);
  assert.deepEqual(cellAt(BOX.left + c.from + c.size / 2, BOX.top + r.from + r.size / 2, n, z, BOX), { row: 7, col: 11 });
  assert.equal(cellAt(BOX.left - 1, BOX.top + 5, n, z, BOX), undefined);
  assert.equal(cellAt(BOX.left + BOX.side, BOX.top + 5, n, z, BOX), undefined);
});

test('visibleTicks labels every 13th of 512 cells unzoomed and only the visible cells when zoomed', () => {
  const all = visibleTicks(512, 1, 0, 512, 13);
  assert.equal(all[1].index - all[0].index, 13);
  assert.ok(all.every((t) => t.at >= 0 && t.at <= 512));
  const zoomed = visibleTicks(512, 64, -10, 512, 13);
  // 64x: 64 px per cell, the view starts at cell 80 and shows 8 cells.
  assert.deepEqual(zoomed.map((t) => t.index), [80, 81, 82, 83, 84, 85, 86, 87]);
  close(zoomed[0].at, 32);
});

test('zoomBy keeps the centre of the plot in place', () => {
  const z = zoomBy({ k: 1, x: 0, y: 0 }, 2, 100);
  assert.deepEqual(z, { k: 2, x: -0.5, y: -0.5 });
  assert.deepEqual(zoomBy(z, 1 / 4, 100), { k: 1, x: 0, y: 0 });
});

test('ensureVisible pans just enough to show the cell', () => {
  const z = { k: 4, x: 0, y: 0 }; // shows cells 0..24 of 100
  assert.deepEqual(ensureVisible(z, 100, 10, 10), z);
  const moved = ensureVisible(z, 100, 30, 5);
  close(moved.y, -(31 * 0.04 - 1));
  assert.equal(moved.x, 0);
});

test('moveCell follows the arrow keys and stops at the edges', () => {
  assert.deepEqual(moveCell({ row: 0, col: 0 }, 'ArrowUp', 5, 5), { row: 0, col: 0 });
  assert.deepEqual(moveCell({ row: 0, col: 0 }, 'ArrowRight', 5, 5), { row: 0, col: 1 });
  assert.deepEqual(moveCell({ row: 2, col: 2 }, 'PageDown', 5, 5), { row: 4, col: 2 });
  assert.deepEqual(moveCell({ row: 2, col: 2 }, 'End', 5, 5), { row: 2, col: 4 });
  assert.equal(moveCell({ row: 2, col: 2 }, 'a', 5, 5), undefined);
});
