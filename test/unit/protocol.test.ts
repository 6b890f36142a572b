import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../src/protocol';

test('parseWebviewMessage accepts each well-formed message', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.ok(parseWebviewMessage({ type: 'token/reveal', start: 3, end: 7 }));
  assert.ok(parseWebviewMessage({ type: 'attention/request', window: 0, layer: 2 }));
  assert.ok(parseWebviewMessage({ type: 'attention/request', window: 0, layer: 'rollout' }));
  assert.ok(parseWebviewMessage({ type: 'positions/request', method: 'umap' }));
  assert.ok(parseWebviewMessage({ type: 'ready', restore: { uri: 'file:///a.txt', start: 0, end: 4, hash: 'x' } }));
  assert.ok(parseWebviewMessage({ type: 'export', format: 'png', view: 'attention', data: 'data:image/png;base64,AA' }));
});

test('parseWebviewMessage rejects unknown types and malformed fields', () => {
  for (const bad of [
    null, 'ready', [], {}, { type: 'eval' }, { type: '__proto__' }, { type: 'toString' },
    { type: 'token/reveal', start: -1, end: 2 }, { type: 'token/reveal', start: 5, end: 2 },
    { type: 'token/reveal', start: '0', end: 2 }, { type: 'attention/request', window: 1.5, layer: 0 },
    { type: 'attention/request', window: 0 }, { type: 'attention/request', window: 0, layer: 'all' }, { type: 'positions/request', method: 'tsne' },
    { type: 'ready', restore: { uri: 'file:///a', start: 4, end: 2, hash: 'x' } },
    { type: 'export', format: 'exe', view: 'x' }, { type: 'export', format: 'json', view: 3 },
  ]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});
