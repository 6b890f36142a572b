import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantize } from '../../../src/analysis/quantize';
import type { TokenEmbeddingParts } from '../../../src/protocol';
import { describePosition, describeScatter, ranges, usedBy } from '../../../webview/layout/positionsText';

const rows = 6;
const sim = new Float32Array(rows * rows);
for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) sim[i * rows + j] = 1 - Math.abs(i - j) / rows;
const part = (token: number, positionId: number): TokenEmbeddingParts => ({ token, positionId, wordNorm: 1, positionNorm: 1, typeNorm: 1, cosWordPosition: 0, cosWordType: 0, cosPositionType: 0 });
const p = { rows, offset: 2, used: [2, 3], tokens: [part(0, 2), part(1, 3)], similarity: quantize(sim, [rows, rows], 8), explainedVariance: [0.5, 0.25, 0.125] };

test('ranges joins runs of consecutive numbers', () => {
  assert.equal(ranges([2, 3, 4, 9, 11, 12]), '2–4, 9, 11–12');
  assert.equal(ranges([]), '');
});

test('usedBy says which positions the input uses', () => {
  assert.equal(usedBy({ used: [2, 3, 4] }), 'This input uses positions 2–4.');
  assert.equal(usedBy({ used: [7] }), 'This input uses position 7.');
  assert.equal(usedBy({ used: [] }, true), 'none');
});

test('describePosition names the tokens at a position and its nearest positions', () => {
  const d = describePosition(3, p, ['Hello', 'world']);
  assert.equal(d.usage, 'Used by “world”.');
  assert.deepEqual(d.nearest.slice(0, 2).map((n) => n.index).sort(), [2, 4]);
  assert.equal(d.nearest.find((n) => n.index === 2)!.used, true);
  assert.match(d.lines[0], /^Position 3 · “world”$/);
  assert.match(d.lines[1], /^Nearest: /);
});

test('describePosition explains positions before the first position id and unused ones', () => {
  assert.match(describePosition(1, p, []).usage, /Before this model's first position id \(2\)/);
  assert.equal(describePosition(5, p, []).usage, 'Not used by this input.');
});

test('describeScatter tells a screen reader what the chart shows and its state', () => {
  assert.match(describeScatter('pca2d', p, 3, 'ready'), /^PCA 2D projection of 6 position embeddings.*2 used by this input \(2–3\).*PC1 \(50\.0% of variance\), PC2 \(25\.0% of variance\)\. Selected position 3\.$/);
  assert.match(describeScatter('pca3d', p, -1, 'ready'), /PC3 \(12\.5%/);
  assert.match(describeScatter('umap', p, -1, 'loading'), /UMAP is being computed\.$/);
});
