import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/model/config';

const LABELS = { id2label: { 0: 'O', 1: 'B-PER', 2: 'I-PER' } };

test('parseConfig reads DistilBERT\'s own field names and gives it no token types', () => {
  const c = parseConfig(JSON.stringify({ model_type: 'distilbert', n_layers: 6, n_heads: 12, dim: 768, max_position_embeddings: 512, vocab_size: 28996, ...LABELS }), 'config.json');
  assert.deepEqual([c.family, c.layers, c.heads, c.hidden, c.typeVocabSize, c.positionOffset], ['distilbert', 6, 12, 768, 0, 0]);
});

test('parseConfig gives RoBERTa-like families the padding_idx + 1 position offset', () => {
  for (const model_type of ['roberta', 'xlm-roberta', 'camembert']) {
    const c = parseConfig(JSON.stringify({ model_type, num_hidden_layers: 12, num_attention_heads: 12, hidden_size: 768, max_position_embeddings: 514, type_vocab_size: 1, pad_token_id: 1, vocab_size: 50265, ...LABELS }), 'config.json');
    assert.equal(c.positionOffset, 2, model_type);
    assert.equal(c.labels.length, 3);
  }
});

test('parseConfig accepts xlm_roberta spelled with an underscore', () => {
  const c = parseConfig(JSON.stringify({ model_type: 'xlm_roberta', num_hidden_layers: 1, num_attention_heads: 1, hidden_size: 8, max_position_embeddings: 10, vocab_size: 5, ...LABELS }), 'config.json');
  assert.equal(c.family, 'xlm-roberta');
  assert.equal(c.padTokenId, 1, 'RoBERTa-like default pad id');
});

test('parseConfig names the field and the file when a number is wrong', () => {
  assert.throws(
    () => parseConfig(JSON.stringify({ model_type: 'bert', num_hidden_layers: 'four', num_attention_heads: 4, hidden_size: 256, max_position_embeddings: 512, vocab_size: 5, ...LABELS }), '/m/config.json'),
    /\/m\/config\.json: "num_hidden_layers" must be an integer >= 1, got "four"\./,
  );
  assert.throws(
    () => parseConfig(JSON.stringify({ model_type: 'bert', num_hidden_layers: 4, num_attention_heads: 3, hidden_size: 256, max_position_embeddings: 512, vocab_size: 5, ...LABELS }), 'c.json'),
    /hidden size 256 is not divisible by the 3 attention heads/,
  );
  assert.throws(() => parseConfig('[1, 2]', 'c.json'), /is not valid JSON \(not a JSON object\)/);
});
