import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argmax, softmaxInto, topK } from '../../../src/ner/decode';

const LABELS = ['O', 'B-PER', 'I-PER', 'B-LOC'];

test('topK returns the k most probable labels, best first, ties in label order', () => {
  const p = [0.1, 0.4, 0.1, 0.4];
  assert.deepEqual(topK(p, 0, LABELS, 3).map((x) => x.label), ['B-PER', 'B-LOC', 'O']);
  assert.deepEqual(topK(p, 0, LABELS, 10).map((x) => x.label), ['B-PER', 'B-LOC', 'O', 'I-PER']);
  assert.deepEqual(topK(p, 0, LABELS, 0).map((x) => x.label), ['B-PER'], 'at least one');
  // The distribution of the second token of a flat [tokens x labels] array starts at offset 4.
  assert.deepEqual(topK([0, 0, 0, 1, 0.5, 0.1, 0.3, 0.1], 4, LABELS, 2), [{ label: 'O', score: 0.5 }, { label: 'I-PER', score: 0.3 }]);
});

test('topK agrees with a full sort on random distributions', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let n = 0; n < 200; n++) {
    const p = LABELS.map(() => Math.round(rand() * 5) / 5); // coarse values: many ties
    const expected = LABELS.map((l, j) => ({ label: l, score: p[j], j })).sort((a, b) => b.score - a.score || a.j - b.j).slice(0, 3).map(({ label, score }) => ({ label, score }));
    assert.deepEqual(topK(p, 0, LABELS, 3), expected);
  }
});

test('softmaxInto is stable for large logits and sums to 1', () => {
  const out = new Float32Array(3);
  softmaxInto([1000, 1001, 999], 0, 3, out, 0);
  assert.ok(Math.abs(out[0] + out[1] + out[2] - 1) < 1e-6);
  assert.equal(argmax(out), 1);
});
