import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, readSettings } from '../../../extension/core/settings';

test('readSettings gives the defaults when nothing is set', () => {
  assert.deepEqual(readSettings(() => undefined), { settings: DEFAULTS, problems: [] });
});

test('readSettings reads every valid value', () => {
  const values: Record<string, unknown> = {
    modelPath: ' /models/ner ',
    executionProviders: ['cuda', 'cpu'],
    aggregation: 'max',
    stride: 64,
    maxCharacters: 5000,
    'outputs.attention': false,
    'outputs.positions': false,
    'hub.endpoint': 'http://127.0.0.1:8080/mirror',
    'decorations.style': 'underline',
    'decorations.lowConfidence': 0,
  };
  const { settings, problems } = readSettings((k) => values[k]);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    modelPath: '/models/ner',
    executionProviders: ['cuda', 'cpu'],
    aggregation: 'max',
    stride: 64,
    maxCharacters: 5000,
    attention: false,
    positions: false,
    hubEndpoint: 'http://127.0.0.1:8080/mirror',
    decorationStyle: 'underline',
    lowConfidence: 0,
  });
});

test('a bad value falls back to its default and says which setting and what it must be', () => {
  const values: Record<string, unknown> = {
    executionProviders: ['tpu'],
    aggregation: 'mean',
    stride: -1,
    'hub.endpoint': 'file:///etc',
    'decorations.lowConfidence': 2,
  };
  const { settings, problems } = readSettings((k) => values[k]);
  assert.equal(settings.executionProviders, 'auto');
  assert.equal(settings.aggregation, 'first');
  assert.equal(settings.stride, 128);
  assert.equal(settings.hubEndpoint, 'https://huggingface.co');
  assert.equal(settings.lowConfidence, 0.5);
  assert.equal(problems.length, 5);
  assert.match(problems[1], /bertLens.aggregation = "mean" is not one of none, simple, first, average, max/);
});
