import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignOwners, defaultStride, planWindows } from '../../../src/ner/windows';

const ranges = (n: number, l: number, s: number) => planWindows(n, l, s).map((w) => [w.tokenStart, w.tokenEnd]);

test('planWindows overlaps consecutive windows by the stride and ends exactly at the text end', () => {
  assert.deepEqual(ranges(10, 4, 1), [[0, 4], [3, 7], [6, 10]]);
  assert.deepEqual(ranges(11, 4, 1), [[0, 4], [3, 7], [6, 10], [7, 11]]);
  assert.deepEqual(ranges(9, 4, 0), [[0, 4], [4, 8], [5, 9]]);
});

test('planWindows uses one window when the text fits, and none for no tokens', () => {
  assert.deepEqual(ranges(4, 4, 1), [[0, 4]]);
  assert.deepEqual(ranges(1, 510, 128), [[0, 1]]);
  assert.deepEqual(ranges(0, 510, 128), []);
});

test('planWindows covers every token of a long text and every window is full', () => {
  const n = 100_003;
  const plans = planWindows(n, 510, 128);
  assert.equal(plans[0].tokenStart, 0);
  assert.equal(plans[plans.length - 1].tokenEnd, n);
  for (const [i, w] of plans.entries()) {
    assert.equal(w.tokenEnd - w.tokenStart, 510);
    if (i > 0) assert.ok(w.tokenStart < plans[i - 1].tokenEnd, 'consecutive windows overlap');
  }
});

test('planWindows rejects a stride that would not advance', () => {
  assert.throws(() => planWindows(10, 4, 4), /Invalid stride 4: .* from 0 to 3 \(the window holds 4 tokens\)/);
  assert.throws(() => planWindows(10, 4, -1), /Invalid stride -1/);
  assert.throws(() => planWindows(10, 0, 0), /at least one token/);
});

test('assignOwners gives each token the window where it has most context', () => {
  const owners = assignOwners(planWindows(10, 4, 1), 10);
  // Token 3 has 0 context on one side in both windows 0 and 1: the tie goes to the earlier window.
  assert.deepEqual(Array.from(owners), [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
});

test('assignOwners picks the most central window with a large overlap', () => {
  const plans = planWindows(20, 8, 4); // [0,8) [4,12) [8,16) [12,20)
  const owners = assignOwners(plans, 20);
  for (let i = 0; i < 20; i++) {
    const best = Math.max(...plans.filter((w) => i >= w.tokenStart && i < w.tokenEnd).map((w) => Math.min(i - w.tokenStart, w.tokenEnd - 1 - i)));
    const w = plans[owners[i]];
    assert.equal(Math.min(i - w.tokenStart, w.tokenEnd - 1 - i), best, `token ${i}`);
  }
});

test('defaultStride is 128 for BERT-sized windows and keeps short windows advancing', () => {
  assert.equal(defaultStride(510), 128);
  assert.equal(defaultStride(62), 30);
  assert.equal(defaultStride(1), 0);
});
