import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toJson } from '../../../src/report/json';

test('toJson writes typed arrays as number arrays with 6 significant digits', () => {
  const v = { a: Float32Array.from([0.1, 1 / 3, 2]), b: [1, 'x', null], c: undefined, d: { e: Int32Array.from([-1, 5]) } };
  assert.deepEqual(JSON.parse(toJson(v)), { a: [0.1, 0.333333, 2], b: [1, 'x', null], d: { e: [-1, 5] } });
});

test('toJson streams large typed arrays in chunks and keeps every element', () => {
  const big = new Float32Array(100_000).map((_, i) => i);
  const parsed = JSON.parse(toJson({ big })) as { big: number[] };
  assert.equal(parsed.big.length, 100_000);
  assert.equal(parsed.big[99_999], 99_999);
});

test('toJson writes non-finite numbers as null and escapes strings', () => {
  assert.equal(toJson([NaN, Infinity]), '[null,null]');
  assert.deepEqual(JSON.parse(toJson({ s: 'a"b\n<\u2028' })), { s: 'a"b\n<\u2028' });
});
