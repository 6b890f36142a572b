import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusView } from '../../../extension/core/statusText';

test('the status bar names the model and the provider in use', () => {
  const v = statusView('bert-lens-ner', { requested: ['auto'], explicit: false, used: 'cpu', fallbacks: [{ provider: 'cuda', reason: 'libcudart.so.12 not found' }] });
  assert.equal(v.text, 'BERT Lens: bert-lens-ner · cpu');
  assert.equal(v.warning, false);
  assert.match(v.tooltip, /cuda: libcudart.so.12 not found/);
});

test('a GPU provider the user asked for that fell back to the CPU is a warning, with the reason', () => {
  const v = statusView('dslim/bert-base-NER', { requested: ['cuda', 'cpu'], explicit: true, used: 'cpu', fallbacks: [{ provider: 'cuda', reason: 'Failed to load libonnxruntime_providers_cuda.so' }] });
  assert.equal(v.warning, true);
  assert.equal(v.text, '$(warning) BERT Lens: dslim/bert-base-NER · cpu');
  assert.match(v.tooltip, /Requested providers that could not be used:\n- cuda: Failed to load/);
});

test('before the first analysis the model is named without a provider', () => {
  assert.deepEqual(statusView('bert-lens-ner', undefined), {
    text: 'BERT Lens: bert-lens-ner',
    tooltip: 'Model bert-lens-ner (loads on first analysis). Click to choose another model.',
    warning: false,
  });
});
