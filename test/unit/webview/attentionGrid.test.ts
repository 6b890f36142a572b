import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantize } from '../../../src/analysis/quantize';
import { cellBox, gridHit, layoutGrid, moveThumb, thumbAtlas, thumbsJson } from '../../../webview/layout/attentionGrid';
import { weightLut } from '../../../webview/layout/colorScale';

test('layoutGrid fits the heads across the width within the size limits', () => {
  const g = layoutGrid(12, 12, 800);
  assert.ok(g.width <= 800);
  assert.equal(g.height, g.top + 12 * (g.cell + g.gap));
  assert.equal(layoutGrid(12, 12, 100).cell, 20, 'never smaller than the minimum');
  assert.equal(layoutGrid(2, 2, 5000).cell, 96, 'never larger than the maximum');
});

test('gridHit finds the thumbnail cellBox places, and nothing in the gaps', () => {
  const g = layoutGrid(12, 12, 800);
  const b = cellBox(g, 5, 7);
  assert.deepEqual(gridHit(g, b.x + 1, b.y + b.size - 1), { layer: 5, head: 7 });
  assert.equal(gridHit(g, b.x + b.size + 1, b.y + 1), undefined);
  assert.equal(gridHit(g, 1, 1), undefined);
});

test('thumbAtlas puts thumbnail (layer, head) at (head * t, layer * t), each on its own range', () => {
  const t = 2;
  // 2 layers x 2 heads; map (1, 0) is [0, 0.1, 0.2, 0.2]: its largest value gets the opaque colour.
  const maps = new Float32Array(16);
  maps.set([0, 0.1, 0.2, 0.2], (1 * 2 + 0) * 4);
  const q = quantize(maps, [2, 2, t, t], 8, t * t);
  const a = thumbAtlas(q, weightLut([1, 2, 3]));
  assert.equal(a.width, 4);
  assert.equal(a.height, 4);
  const alpha = (x: number, y: number) => a.pixels[(y * a.width + x) * 4 + 3];
  assert.equal(alpha(0, 2), 0);
  assert.equal(alpha(0, 3), 255);
  assert.equal(alpha(2, 2), 0, 'an all-zero map stays transparent');
});

test('moveThumb moves the cursor across heads and down layers and stops at the edges', () => {
  assert.deepEqual(moveThumb({ layer: 0, head: 0 }, 'ArrowDown', 12, 12), { layer: 1, head: 0 });
  assert.deepEqual(moveThumb({ layer: 0, head: 11 }, 'ArrowRight', 12, 12), { layer: 0, head: 11 });
  assert.deepEqual(moveThumb({ layer: 3, head: 4 }, 'End', 12, 12), { layer: 3, head: 11 });
  assert.equal(moveThumb({ layer: 0, head: 0 }, 'x', 12, 12), undefined);
});

test('thumbsJson gives every map as rounded pooled weights', () => {
  const q = quantize(Float32Array.from({ length: 8 }, (_, i) => i / 10), [1, 2, 2, 2], 8, 4);
  const j = thumbsJson(q, 0) as { maps: number[][][][] };
  assert.deepEqual(j.maps[0][1], [[0.4, 0.5], [0.6, 0.7]]);
});
