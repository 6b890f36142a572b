import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sinusoidalTable } from '../../../src/analysis/positions';
import { mulberry32, umapProjection } from '../../../src/analysis/umap';

const table = sinusoidalTable(96, 32);

const dist = (xy: Float32Array, a: number, b: number) => Math.hypot(xy[a * 2] - xy[b * 2], xy[a * 2 + 1] - xy[b * 2 + 1]);

test('umapProjection returns rows x 2 finite coordinates', async () => {
  const xy = await umapProjection(table.data, table.rows, table.cols, { seed: 1 });
  assert.equal(xy.length, table.rows * 2);
  assert.ok(xy.every(Number.isFinite));
});

test('umapProjection gives the same layout for the same seed', async () => {
  const a = await umapProjection(table.data, table.rows, table.cols, { seed: 7 });
  const b = await umapProjection(table.data, table.rows, table.cols, { seed: 7 });
  assert.deepEqual(Array.from(a), Array.from(b));
});

test('umapProjection puts neighbouring positions of the sinusoidal table near each other', async () => {
  const xy = await umapProjection(table.data, table.rows, table.cols, { seed: 3 });
  let neighbours = 0;
  for (let p = 0; p + 1 < table.rows; p++) neighbours += dist(xy, p, p + 1);
  neighbours /= table.rows - 1;
  let pairs = 0;
  let n = 0;
  for (let a = 0; a < table.rows; a++) for (let b = a + 1; b < table.rows; b++, n++) pairs += dist(xy, a, b);
  pairs /= n;
  assert.ok(neighbours < pairs / 4, `consecutive positions ${neighbours.toFixed(3)} apart, any two ${pairs.toFixed(3)}`);
});

test('umapProjection lays one or two rows on a line instead of failing', async () => {
  assert.deepEqual(Array.from(await umapProjection(new Float32Array([1, 2, 3, 4]), 2, 2)), [0, 0, 1, 0]);
  assert.equal((await umapProjection(new Float32Array(0), 0, 4)).length, 0);
});

test('umapProjection names the mismatch when data and shape disagree', async () => {
  await assert.rejects(umapProjection(new Float32Array(5), 2, 3), /got 5 values for 2 x 3 = 6/);
});

test('mulberry32 is repeatable and stays in [0, 1)', () => {
  const a = mulberry32(9);
  const b = mulberry32(9);
  for (let i = 0; i < 100; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
});
