import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attentionRollout, headMatrix, mergeToWords, wordGroups } from '../../../src/analysis/attention';

// [CLS] new ##ton [SEP]: word ids -1, 0, 0, -1
const WORDS = [-1, 0, 0, -1];
const M = Float32Array.from([
  0.1, 0.2, 0.3, 0.4,
  0.5, 0.1, 0.1, 0.3,
  0.2, 0.2, 0.2, 0.4,
  0.25, 0.25, 0.25, 0.25,
]);
const round = (a: Float32Array) => Array.from(a, (v) => Math.round(v * 1e4) / 1e4);

test('wordGroups keeps special tokens alone and joins pieces of a word', () => {
  assert.deepEqual(wordGroups(WORDS), [[0], [1, 2], [3]]);
  assert.deepEqual(wordGroups([-1, 0, 1, 1, 1, 2, -1]), [[0], [1], [2, 3, 4], [5], [6]]);
});

test('mergeToWords sums the attention a word receives and averages what it gives', () => {
  const w = mergeToWords(M, 4, wordGroups(WORDS), 'average');
  assert.deepEqual(round(w), [
    0.1, 0.5, 0.4,
    0.35, 0.3, 0.35, // rows 1 and 2: (0.5+0.2)/2, ((0.1+0.1)+(0.2+0.2))/2, (0.3+0.4)/2
    0.25, 0.5, 0.25,
  ]);
  for (let r = 0; r < 3; r++) assert.ok(Math.abs(w[r * 3] + w[r * 3 + 1] + w[r * 3 + 2] - 1) < 1e-6);
});

test('mergeToWords(first) takes the first piece\'s row and (max) the element-wise maximum', () => {
  assert.deepEqual(round(mergeToWords(M, 4, wordGroups(WORDS), 'first')).slice(3, 6), [0.5, 0.2, 0.3]);
  assert.deepEqual(round(mergeToWords(M, 4, wordGroups(WORDS), 'max')).slice(3, 6), [0.5, 0.4, 0.4]);
});

test('attentionRollout of identity attention is the identity, and its rows sum to 1', () => {
  const seq = 3;
  const eye = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  const data = new Float32Array(2 * 2 * 9);
  for (let i = 0; i < 4; i++) data.set(eye, i * 9);
  assert.deepEqual(Array.from(attentionRollout(data, 2, 2, seq)), Array.from(eye));

  const uniform = new Float32Array(3 * 9).fill(1 / 3);
  const r = attentionRollout(uniform, 3, 1, seq);
  for (let row = 0; row < seq; row++) assert.ok(Math.abs(r[row * 3] + r[row * 3 + 1] + r[row * 3 + 2] - 1) < 1e-6);
  // One layer of uniform attention with the residual: 0.5 * 1/3 + 0.5 on the diagonal.
  assert.ok(Math.abs(attentionRollout(uniform.subarray(0, 9), 1, 1, seq)[0] - (0.5 / 3 + 0.5)) < 1e-6);
});

test('headMatrix views one layer/head block without copying', () => {
  const data = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
  const m = headMatrix(data, 2, 3, 1, 2);
  assert.deepEqual(Array.from(m), [20, 21, 22, 23]);
  assert.equal(m.buffer, data.buffer);
});
