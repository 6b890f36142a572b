import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantize } from '../../../src/analysis/quantize';
import { buildMatrix, cellText, focusBand, layerHead, matrixJson, matrixPixels, maxValue, mergeFor, pieceText, SequenceInfo } from '../../../webview/layout/attentionMatrix';
import { weightLut } from '../../../webview/layout/colorScale';

// [CLS] new ##ton [SEP]: content tokens 0 and 1 form one word.
const INFO: SequenceInfo = { seq: 4, pieces: ['[CLS]', 'new', '##ton', '[SEP]'], tokenIndex: [-1, 0, 1, -1], wordGroups: [[0], [1, 2], [3]] };
const M = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.1, 0.1, 0.3, 0.2, 0.2, 0.2, 0.4, 0.25, 0.25, 0.25, 0.25]);
const TOKENS = { level: 'token', hideSpecials: false, merge: 'first' } as const;
const round = (a: ArrayLike<number>) => Array.from(a, (v) => Math.round(v * 1e4) / 1e4);

test('mergeFor uses the first piece for none and simple, and average or max as the strategy says', () => {
  assert.equal(mergeFor('none'), 'first');
  assert.equal(mergeFor('simple'), 'first');
  assert.equal(mergeFor('first'), 'first');
  assert.equal(mergeFor('average'), 'average');
  assert.equal(mergeFor('max'), 'max');
});

test('pieceText drops the continuation and space marks of WordPiece and BPE', () => {
  assert.equal(pieceText('##ing'), 'ing');
  assert.equal(pieceText('Ġworld'), 'world');
  assert.equal(pieceText('▁le'), 'le');
  assert.equal(pieceText('[CLS]'), '[CLS]');
});

test('layerHead dequantizes one head, and head -1 is the mean of all heads', () => {
  const second = M.map((v) => 1 - v);
  const q = quantize(Float32Array.from([...M, ...second]), [2, 4, 4], 16, 16);
  assert.deepEqual(round(layerHead(q, 4, 1)), round(second));
  assert.deepEqual(round(layerHead(q, 4, -1)), Array(16).fill(0.5));
});

test('buildMatrix at token level keeps the matrix and labels every piece', () => {
  const m = buildMatrix(M, INFO, TOKENS);
  assert.equal(m.n, 4);
  assert.deepEqual(m.labels, ['[CLS]', 'new', 'ton', '[SEP]']);
  assert.deepEqual(Array.from(m.tokenStart), [-1, 0, 1, -1]);
  assert.deepEqual(round(m.values), round(M));
});

test('buildMatrix hides [CLS] and [SEP] rows and columns', () => {
  const m = buildMatrix(M, INFO, { ...TOKENS, hideSpecials: true });
  assert.equal(m.n, 2);
  assert.deepEqual(m.labels, ['new', 'ton']);
  assert.deepEqual(round(m.values), [0.1, 0.1, 0.2, 0.2]);
  assert.deepEqual(m.groups, [[1], [2]]);
});

test('buildMatrix at word level merges pieces into one row and column named by the word', () => {
  const m = buildMatrix(M, INFO, { level: 'word', hideSpecials: true, merge: 'average' });
  assert.equal(m.n, 1);
  assert.deepEqual(m.labels, ['newton']);
  // Received: the pieces' columns summed; given: the rows averaged. ((0.1+0.1) + (0.2+0.2)) / 2.
  assert.deepEqual(round(m.values), [0.3]);
  assert.deepEqual([m.tokenStart[0], m.tokenEnd[0]], [0, 2]);
});

test('focusBand finds the rows of the focused tokens, and nothing for tokens outside the matrix', () => {
  const m = buildMatrix(M, INFO, TOKENS);
  assert.deepEqual(focusBand(m, { tokenStart: 1, tokenEnd: 2 }), { from: 2, to: 3 });
  assert.deepEqual(focusBand(m, { tokenStart: 0, tokenEnd: 2 }), { from: 1, to: 3 });
  assert.equal(focusBand(m, { tokenStart: 7, tokenEnd: 9 }), undefined);
  assert.equal(focusBand(m, undefined), undefined);
  const words = buildMatrix(M, INFO, { level: 'word', hideSpecials: false, merge: 'first' });
  assert.deepEqual(focusBand(words, { tokenStart: 1, tokenEnd: 2 }), { from: 1, to: 2 }, 'a piece focuses its whole word');
});

test('matrixPixels paints 0 transparent and the largest weight in the opaque accent', () => {
  const lut = weightLut([10, 20, 30]);
  const px = matrixPixels(Float32Array.from([0, 0.5, 1, 2]), lut, 1);
  assert.deepEqual(Array.from(px.subarray(0, 4)), [10, 20, 30, 0]);
  assert.deepEqual(Array.from(px.subarray(8, 12)), [10, 20, 30, 255]);
  assert.equal(px[15], 255, 'weights above vmax are clamped');
  assert.ok(px[7] > 0 && px[7] < 255);
  assert.equal(maxValue(Float32Array.from([0.2, 0.7, 0.1])), Math.fround(0.7));
});

test('matrixJson labels rows and columns and rounds weights to 4 decimals', () => {
  const m = buildMatrix(Float32Array.from([0.123456, 0.876544, 0.5, 0.5]), { seq: 2, pieces: ['a', 'b'], tokenIndex: [0, 1], wordGroups: [[0], [1]] }, TOKENS);
  const j = matrixJson({ layer: 2, head: 3, rollout: false, layers: 12 }, m, 'token', 0) as { title: string; rows: string[]; weights: number[][]; head: number };
  assert.equal(j.title, 'Attention of layer 2, head 3');
  assert.deepEqual(j.rows, ['a', 'b']);
  assert.deepEqual(j.weights, [[0.1235, 0.8765], [0.5, 0.5]]);
  assert.equal(j.head, 3);
});

test('cellText names both tokens and gives the weight to 4 decimals', () => {
  const m = buildMatrix(M, INFO, TOKENS);
  assert.equal(cellText(m, 1, 3), 'new → [SEP]: 0.3000');
});
