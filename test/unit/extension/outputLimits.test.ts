import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitNotes, outputLimits, POSITION_CHARACTERS } from '../../../extension/core/outputLimits';
import { analyze } from '../../../src/analyze';
import { BertModel } from '../../../src/model/model';
import { fixture } from '../helpers';

test('attention is kept for as many 512-token windows as fit in 600 MB: 3 for bert-base, 35 for the bundled model', () => {
  assert.equal(outputLimits({ layers: 12, heads: 12 }, 512, 1000).attentionWindows.length, 3);
  assert.deepEqual(outputLimits({ layers: 4, heads: 4 }, 512, 1000).attentionWindows, Array.from({ length: 35 }, (_, i) => i));
  assert.equal(outputLimits({ layers: 48, heads: 64 }, 4096, 1000).attentionWindows.length, 1, 'always at least the first window');
});

test('the per-token position analysis stops above 400,000 characters', () => {
  assert.equal(outputLimits({ layers: 2, heads: 2 }, 64, POSITION_CHARACTERS).positions, true);
  assert.equal(outputLimits({ layers: 2, heads: 2 }, 64, POSITION_CHARACTERS + 1).positions, false);
});

test('a long text keeps attention for the listed windows only, and the result says so', async () => {
  const model = await BertModel.load(fixture('tiny-bert'), { providers: ['cpu'] });
  try {
    const r = await analyze(model, 'John Smith visited Paris and London. '.repeat(20), { maxLength: 16, stride: 4, attention: { windows: [0, 1] } });
    assert.ok(r.windows.length > 10);
    assert.deepEqual(r.attention?.map((a) => a.window), [0, 1]);
    assert.deepEqual(limitNotes(r, true, true), [
      `Attention is kept for the first 2 of ${r.windows.length} windows (memory); select a smaller range to see attention elsewhere.`,
      'The position-embedding analysis is skipped above 400,000 characters; select a smaller range to see it.',
    ]);
    assert.deepEqual(limitNotes(r, false, false), []);
  } finally {
    await model.dispose();
  }
});
