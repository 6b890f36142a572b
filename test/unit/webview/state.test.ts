import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PanelResult } from '../../../src/protocol';
import { modelFacts, timingSegments } from '../../../webview/layout/modelFacts';
import { defaultState, restoreState, Store } from '../../../webview/state';
import { clampToResult } from '../../../webview/stateClamp';

test('restoreState merges a saved state over the defaults and rejects an unknown tab', () => {
  const s = restoreState({ tab: 'attention', attention: { layer: 3 } });
  assert.equal(s.tab, 'attention');
  assert.equal(s.attention.layer, 3);
  assert.equal(s.attention.mode, 'head', 'fields the old state lacks come from the defaults');
  assert.equal(restoreState({ tab: 'evil' }).tab, 'entities');
  assert.deepEqual(restoreState(null), defaultState());
});

test('Store merges patches, saves every change and tells subscribers the previous state', () => {
  const saved: unknown[] = [];
  const store = new Store(defaultState(), (s) => saved.push(s));
  const seen: string[] = [];
  const off = store.subscribe((s, prev) => seen.push(`${prev.tab}->${s.tab}`));
  store.update({ tab: 'model' });
  off();
  store.update({ tab: 'positions' });
  assert.deepEqual(seen, ['entities->model']);
  assert.equal(saved.length, 2);
  assert.equal(store.get().tab, 'positions');
});

const result = (layers: number, heads: number, tokens: number, windows = 1) =>
  ({ attention: Array.from({ length: windows }, () => ({ layers, heads })), positions: { rows: 512 }, tokens: new Array(tokens) }) as unknown as PanelResult;

test('clampToResult keeps a saved layer, head and window that exist and resets those that do not', () => {
  const s = { ...defaultState(), attention: { ...defaultState().attention, window: 1, layer: 3, head: 2 }, focus: { tokenStart: 4, tokenEnd: 6 } };
  assert.deepEqual([clampToResult(s, result(4, 4, 10, 2)).attention.window, clampToResult(s, result(4, 4, 10, 2)).attention.layer], [1, 3]);
  const small = clampToResult(s, result(2, 2, 5));
  assert.deepEqual([small.attention.window, small.attention.layer, small.attention.head], [0, 0, -1]);
  assert.equal(small.focus, undefined, 'focus past the last token is dropped');
});

test('timingSegments splits the total into stages whose widths add up to one', () => {
  const r = { timings: { tokenizeMs: 2, sessionMs: 10, runMs: 30, postprocessMs: 8, totalMs: 60 } } as PanelResult;
  const segs = timingSegments(r);
  assert.deepEqual(segs.map((s) => s.name), ['session', 'tokenize', 'run', 'post-process', 'other']);
  assert.ok(Math.abs(segs.reduce((a, s) => a + s.width, 0) - 1) < 1e-9);
  assert.equal(segs[2].x, 12 / 60);
});

test('modelFacts names the provider fallbacks and how attention was obtained', () => {
  const r = {
    model: { name: 'm', family: 'bert', path: '/m', onnxFile: 'model.onnx', layers: 2, heads: 2, hidden: 8, maxPositions: 514, positionOffset: 2, maxLength: 512, vocabSize: 100, labels: ['O'], capabilities: { attention: 'graph-edit', positions: true, hiddenStates: false, notes: [] } },
    provider: { requested: ['cuda', 'cpu'], explicit: true, used: 'cpu', fallbacks: [{ provider: 'cuda', reason: 'libcudart.so.12 not found' }] },
    stride: 128,
    textLength: 10,
    tokens: [],
    windows: [{}],
  } as unknown as PanelResult;
  const f = Object.fromEntries(modelFacts(r).map((x) => [x.name, x.value]));
  assert.equal(f.Provider, 'cpu (after cuda: libcudart.so.12 not found)');
  assert.equal(f.Attention, 'obtained by graph edit (Softmax outputs of each layer)');
  assert.equal(f['Max positions'], '514 (first real position 2)');
});
