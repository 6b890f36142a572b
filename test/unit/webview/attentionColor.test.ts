import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lru } from '../../../webview/layout/attentionCache';
import { clip, heatmapSvg } from '../../../webview/layout/attentionSvg';
import { headColors, LUT_SIZE, parseColor, rampAlpha, weightBin, weightLut } from '../../../webview/layout/colorScale';

test('weightLut runs from a transparent to an opaque accent, its opacity always growing', () => {
  const lut = weightLut([55, 148, 255]);
  assert.equal(lut.length, LUT_SIZE * 4);
  assert.deepEqual(Array.from(lut.subarray(0, 4)), [55, 148, 255, 0]);
  assert.deepEqual(Array.from(lut.subarray(lut.length - 4)), [55, 148, 255, 255]);
  for (let i = 1; i < LUT_SIZE; i++) assert.ok(lut[i * 4 + 3] >= lut[(i - 1) * 4 + 3]);
  assert.ok(rampAlpha(16) > 16 / 255, 'small weights are lifted (square root)');
});

test('weightBin clamps to the table and treats a zero scale as empty', () => {
  assert.equal(weightBin(0.5, 1), 128);
  assert.equal(weightBin(3, 1), 255);
  assert.equal(weightBin(-1, 1), 0);
  assert.equal(weightBin(1, 0), 0);
});

test('headColors gives each head its own colour', () => {
  const c = headColors(12);
  assert.equal(new Set(c).size, 12);
  assert.ok(c.every((x) => /^#[0-9a-f]{6}$/.test(x)));
});

test('parseColor reads hex and rgb() and rejects what is not a colour', () => {
  assert.deepEqual(parseColor('#3794ff'), [55, 148, 255]);
  assert.deepEqual(parseColor(' rgb(1, 2, 3) '), [1, 2, 3]);
  assert.equal(parseColor('var(--x)'), undefined);
});

test('heatmapSvg holds the picture as an image and the labels as escaped vector text', () => {
  const svg = heatmapSvg(100, 100, [{ href: 'data:image/png;base64,AA', x: 10, y: 10, width: 80, height: 80 }], [{ x: 5, y: 5, text: 'a<b', anchor: 'end', rotate: -90 }], { foreground: '#111', background: '#fff', font: 'mono' }, 'T');
  assert.ok(svg.includes('<image href="data:image/png;base64,AA"'));
  assert.ok(svg.includes('image-rendering="pixelated"'));
  assert.ok(svg.includes('>a&lt;b</text>'));
  assert.ok(svg.includes('rotate(-90 5 5)'));
  assert.equal(clip('abcdefghijklmnopq', 5), 'abcd…');
});

test('Lru keeps the most recently used entries', () => {
  const l = new Lru<string, number>(2);
  l.set('a', 1);
  l.set('b', 2);
  l.get('a');
  l.set('c', 3);
  assert.equal(l.has('b'), false);
  assert.equal(l.get('a'), 1);
  assert.equal(l.getOr('d', () => 4), 4);
  assert.equal(l.size, 2);
});
