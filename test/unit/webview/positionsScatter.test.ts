import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantize } from '../../../src/analysis/quantize';
import { equalAspect, extent, nearestPositions, pcTitle, pickPoint, scatterLayout, usedMask } from '../../../webview/layout/positionsScatter';

const box = { width: 220, height: 120, margin: { top: 10, right: 10, bottom: 10, left: 10 } };

test('extent reads every stride-th value and is [0, 0] for no values', () => {
  assert.deepEqual(extent([1, 10, -2, 20, 5, 30], 2, 0), [-2, 5]);
  assert.deepEqual(extent([1, 10, -2, 20, 5, 30], 2, 1), [10, 30]);
  assert.deepEqual(extent([], 2, 0), [0, 0]);
});

test('equalAspect gives both axes the same data units per pixel', () => {
  const d = equalAspect([0, 10], [0, 1], 200, 100);
  const perX = (d.x[1] - d.x[0]) / 200;
  const perY = (d.y[1] - d.y[0]) / 100;
  assert.ok(Math.abs(perX - perY) < 1e-12);
  assert.deepEqual(d.x, [0, 10]);
  assert.ok(d.y[0] < 0 && d.y[1] > 1, 'the narrow axis is widened about its middle');
});

test('equalAspect widens an extent of one value instead of dividing by zero', () => {
  const d = equalAspect([3, 3], [3, 3], 100, 100);
  assert.ok(d.x[1] > d.x[0] && d.y[1] > d.y[0]);
});

test('scatterLayout maps points into the box with y growing upward and draws used positions last', () => {
  const points = Float32Array.from([0, 0, 1, 1, 2, 0]);
  const l = scatterLayout(points, 3, [0], box);
  for (let i = 0; i < 3; i++) {
    assert.ok(l.x[i] >= 10 && l.x[i] <= 210, `x[${i}] in the box`);
    assert.ok(l.y[i] >= 10 && l.y[i] <= 110, `y[${i}] in the box`);
  }
  assert.ok(l.y[1] < l.y[0], 'a larger y is higher on screen');
  assert.ok(Math.abs(l.x[1] - l.x[0] - (l.y[0] - l.y[1])) < 1e-3, 'one unit is as long across as up');
  assert.deepEqual(Array.from(l.order), [1, 2, 0]);
});

test('usedMask ignores ids outside the table', () => {
  assert.deepEqual(Array.from(usedMask([0, 2, 9, -1], 3)), [1, 0, 1]);
});

test('pickPoint finds the nearest point within the radius and -1 beyond it', () => {
  const x = Float32Array.from([10, 20, 30]);
  const y = Float32Array.from([10, 10, 10]);
  assert.equal(pickPoint(x, y, 19, 12, 5), 1);
  assert.equal(pickPoint(x, y, 50, 50, 5), -1);
});

test('nearestPositions lists the k most similar other positions, most similar first', () => {
  const rows = 4;
  const sim = Float32Array.from([1, 0.9, 0.1, 0.5, 0.9, 1, 0.2, 0.3, 0.1, 0.2, 1, -0.4, 0.5, 0.3, -0.4, 1]);
  const q = quantize(sim, [rows, rows], 8);
  const n = nearestPositions(q, 0, 2);
  assert.deepEqual(n.map((x) => x.index), [1, 3]);
  assert.ok(Math.abs(n[0].similarity - 0.9) < q.scales[0]);
  assert.equal(nearestPositions(q, 0, 10).length, 3, 'never itself');
  assert.deepEqual(nearestPositions(q, 7), []);
});

test('pcTitle carries the share of variance explained', () => {
  assert.equal(pcTitle(1, [0.4123, 0.2]), 'PC1 (41.2% of variance)');
  assert.equal(pcTitle(3, [0.4, 0.2]), 'PC3');
});
