import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TokenEmbeddingParts } from '../../../src/protocol';
import { barDescription, barsLayout, BARS_DEFAULTS, shortLabel } from '../../../webview/layout/positionsBars';

const part = (token: number, w: number, p: number, t: number, cos = 0): TokenEmbeddingParts => ({
  token,
  positionId: token + 1,
  wordNorm: w,
  positionNorm: p,
  typeNorm: t,
  cosWordPosition: cos,
  cosWordType: -cos,
  cosPositionType: 2,
});

test('barsLayout stacks word, position and type from the baseline up, with heights in proportion to the norms', () => {
  const l = barsLayout([part(0, 2, 1, 1), part(1, 1, 0.5, 0)], ['Hello', 'world']);
  const [a, b] = l.bars;
  assert.deepEqual(a.segments.map((s) => s.part), ['word', 'position', 'type']);
  assert.equal(a.segments[0].y + a.segments[0].height, l.normBottom, 'the word part sits on the baseline');
  assert.ok(Math.abs(a.segments[1].y + a.segments[1].height - a.segments[0].y) < 0.02, 'position sits on word');
  assert.ok(Math.abs(a.segments[0].height - 2 * a.segments[1].height) < 0.02);
  assert.equal(b.segments[2].height, 0, 'a zero norm takes no room');
  assert.ok(l.normTicks.at(-1)!.value >= 4, 'the axis reaches the tallest stack');
});

test('barsLayout places one bar per token a step apart and the chart grows with the tokens', () => {
  const tokens = Array.from({ length: 100 }, (_, i) => part(i, 1, 1, 1));
  const l = barsLayout(tokens, []);
  assert.equal(l.bars.length, 100);
  assert.equal(l.bars[1].x - l.bars[0].x, BARS_DEFAULTS.step);
  assert.equal(l.width, BARS_DEFAULTS.left + 100 * BARS_DEFAULTS.step + BARS_DEFAULTS.right);
  assert.equal(l.bars[3].label, '3', 'a missing piece falls back to the token index');
});

test('barsLayout puts cosines on a [-1, 1] strip below the bars, clamping values outside it', () => {
  const l = barsLayout([part(0, 1, 1, 1, 1), part(1, 1, 1, 1, -1)], ['a', 'b']);
  const [a, b] = l.bars;
  assert.equal(a.cosines[0].y, l.cosTop);
  assert.equal(b.cosines[0].y, l.cosBottom);
  assert.equal(a.cosines[2].y, l.cosTop, 'cos 2 is drawn at 1');
  assert.ok(l.cosTop > l.normBottom);
  assert.match(l.cosPaths.cosWordPosition, /^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
});

test('shortLabel cuts long pieces with an ellipsis and leaves short ones alone', () => {
  assert.equal(shortLabel('internationalisation', 6), 'inter…');
  assert.equal(shortLabel('##ing', 6), '##ing');
});

test('barDescription names every norm and cosine of the token', () => {
  const d = barDescription(part(0, 1.5, 0.25, 0.125, 0.5), 'Paris');
  assert.match(d, /^Paris \(position 1\): \|word\| 1\.500, \|position\| 0\.250, \|type\| 0\.125; cos\(word, position\) 0\.500/);
});
