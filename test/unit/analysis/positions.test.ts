import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosine, cosineSimilarity, sinusoidalTable } from '../../../src/analysis/positions';
import { projectPca } from '../../../src/analysis/projection';

test('cosineSimilarity is symmetric with ones on the diagonal', () => {
  const m = { rows: 3, cols: 2, data: Float32Array.from([1, 0, 0, 2, 3, 3]) };
  const s = cosineSimilarity(m);
  assert.deepEqual(Array.from(s, (v) => Math.round(v * 1e4) / 1e4), [1, 0, 0.7071, 0, 1, 0.7071, 0.7071, 0.7071, 1]);
});

test('cosine of a zero vector is 0, not NaN', () => {
  assert.equal(cosine([0, 0], [1, 2]), 0);
});

test('sinusoidalTable follows Vaswani et al. (sin on even, cos on odd dimensions)', () => {
  const t = sinusoidalTable(4, 6);
  assert.equal(t.data[0], 0);
  assert.equal(t.data[1], 1);
  const p = 3;
  const i = 2; // dimensions 2 and 3 share the frequency 1 / 10000^(2/6)
  assert.ok(Math.abs(t.data[p * 6 + i] - Math.sin(p / 10000 ** (i / 6))) < 1e-6);
  assert.ok(Math.abs(t.data[p * 6 + i + 1] - Math.cos(p / 10000 ** (i / 6))) < 1e-6);
  // Neighbouring positions are more similar than distant ones.
  const big = cosineSimilarity(sinusoidalTable(64, 32));
  assert.ok(big[1] > big[40]);
});

test('projectPca puts collinear points on the first component with all the variance', () => {
  const rows = 5;
  const data = new Float32Array(rows * 3);
  for (let r = 0; r < rows; r++) data.set([r, 2 * r, -r], r * 3);
  const p = projectPca({ rows, cols: 3, data });
  assert.ok(Math.abs(p.explainedVariance[0] - 1) < 1e-9);
  assert.equal(p.pca2d.length, rows * 2);
  assert.equal(p.pca3d.length, rows * 3);
  const first = Array.from({ length: rows }, (_, r) => p.pca2d[r * 2]);
  const steps = first.slice(1).map((v, i) => v - first[i]);
  for (const s of steps) assert.ok(Math.abs(Math.abs(s) - Math.sqrt(6)) < 1e-5, 'unit steps along (1, 2, -1) are sqrt(6) long');
});
