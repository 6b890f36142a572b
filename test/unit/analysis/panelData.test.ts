import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attentionLayer, attentionSummary, panelResult, THUMB_SIZE } from '../../../src/analysis/panelData';
import { dequantize, dequantizeAt, quantize } from '../../../src/analysis/quantize';
import { attentionRollout } from '../../../src/analysis/attention';
import type { AnalysisResult, WindowAttention } from '../../../src/protocol';
import { assertClose } from '../helpers';

/** A window with softmax-like rows: layers x heads x seq x seq. */
function windowAttention(layers: number, heads: number, seq: number): WindowAttention {
  const data = new Float32Array(layers * heads * seq * seq);
  for (let m = 0; m < layers * heads; m++) {
    for (let r = 0; r < seq; r++) {
      let sum = 0;
      for (let c = 0; c < seq; c++) sum += data[(m * seq + r) * seq + c] = Math.exp(Math.sin(m + r * 0.7 + c * 1.3) * 3);
      for (let c = 0; c < seq; c++) data[(m * seq + r) * seq + c] /= sum;
    }
  }
  const idx = Array.from({ length: seq }, (_, i) => (i === 0 || i === seq - 1 ? -1 : i - 1));
  return { window: 0, layers, heads, seq, tokenIndex: idx, pieces: idx.map((i) => (i < 0 ? '[X]' : `t${i}`)), wordGroups: idx.map((_, i) => [i]), data };
}

test('quantize keeps every value within half a step of its block', () => {
  const values = Float32Array.from({ length: 1000 }, (_, i) => (i < 500 ? Math.sin(i) * 0.01 : Math.cos(i)));
  for (const bits of [8, 16] as const) {
    const q = quantize(values, [2, 500], bits, 500);
    assert.equal(q.data.BYTES_PER_ELEMENT, bits / 8);
    for (let i = 0; i < values.length; i++) {
      const b = i < 500 ? 0 : 1;
      assert.ok(Math.abs(dequantizeAt(q, i) - values[i]) <= q.scales[b] / 2 + 1e-9, `${bits}-bit element ${i}`);
    }
    // The small block keeps its own detail: its step is 100x finer than the large one's.
    assert.ok(q.scales[0] < q.scales[1] / 50);
  }
});

test('quantize of a constant block gives that constant back', () => {
  const q = quantize(new Float32Array([0.25, 0.25, 0.25]), [3], 8);
  assert.deepEqual(Array.from(dequantize(q)), [0.25, 0.25, 0.25]);
});

test('attentionLayer sends one layer at 16 bits with 4 exact decimals, and the rollout on request', async () => {
  const a = windowAttention(3, 2, 9);
  const q = await attentionLayer(a, 1);
  assert.deepEqual(q.dims, [2, 9, 9]);
  assert.ok(q.data instanceof Uint16Array);
  const exact = a.data.subarray(2 * 81, 4 * 81);
  const back = dequantize(q);
  for (let i = 0; i < exact.length; i++) assert.ok(Math.abs(back[i] - exact[i]) < 5e-5, `element ${i}`);
  const r = await attentionLayer(a, 'rollout');
  assertClose(dequantize(r), attentionRollout(a.data, 3, 2, 9), 5e-5, 'rollout');
  assert.deepEqual(r.dims, [1, 9, 9]);
  assert.ok(a.rollout, 'the rollout is kept on the window for the next request');
  await assert.rejects(attentionLayer(a, 3), /layer 3 is not in 0\.\.2/);
});

test('attentionSummary pools every head into a thumbnail whose cells are the means of their blocks', () => {
  const seq = 2 * THUMB_SIZE;
  const a = windowAttention(1, 2, seq);
  const s = attentionSummary(a);
  assert.equal(s.thumbSize, THUMB_SIZE);
  assert.deepEqual(s.thumbs.dims, [1, 2, THUMB_SIZE, THUMB_SIZE]);
  // Cell (3, 5) of head 1 is the mean of rows 6-7 x columns 10-11.
  const m = a.data.subarray(seq * seq, 2 * seq * seq);
  const mean = (m[6 * seq + 10] + m[6 * seq + 11] + m[7 * seq + 10] + m[7 * seq + 11]) / 4;
  const got = dequantizeAt(s.thumbs, THUMB_SIZE * THUMB_SIZE + 3 * THUMB_SIZE + 5);
  assert.ok(Math.abs(got - mean) <= s.thumbs.scales[1], `${got} vs ${mean}`);
  assert.equal(s.thumbs.data.length, 2 * THUMB_SIZE * THUMB_SIZE);
});

test('a bert-base window of 512 tokens goes to the panel as a summary under 1 MB and layers of 6.3 MB', async () => {
  // Shapes only: 12 x 12 x 512 x 512 float32 is 151 MB.
  const seq = 512;
  const a = windowAttention(12, 12, seq);
  const result = { attention: [a], tokens: [], spans: [] } as unknown as AnalysisResult;
  const p = panelResult(result);
  const summary = p.attention![0];
  assert.equal('data' in summary, false, 'no weights in the summary');
  assert.ok(summary.thumbs.data.byteLength < 1e6, `${summary.thumbs.data.byteLength} bytes`);
  assert.equal((await attentionLayer(a, 5)).data.byteLength, 12 * seq * seq * 2);
});
