import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyze } from '../../src/analyze';
import { BUNDLED_MODEL } from '../../src/cli/defaultModel';
import { main } from '../../src/cli/main';
import { BertModel } from '../../src/model/model';
import { SHARED_DATA as SHARED } from './helpers';

const MAX_MODEL_BYTES = 25 * 1024 * 1024;

let model: BertModel;
before(async () => {
  model = await BertModel.load(BUNDLED_MODEL, { providers: ['cpu'] });
});
after(() => model?.dispose());

test('the bundled model is a 4-layer BERT with 512 learned positions, attention and the CoNLL labels', () => {
  const i = model.info;
  assert.deepEqual([i.family, i.layers, i.heads, i.hidden, i.maxPositions, i.positionOffset, i.maxLength], ['bert', 4, 4, 256, 512, 0, 512]);
  assert.deepEqual(i.labels, ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-MISC', 'I-MISC']);
  assert.equal(i.capabilities.attention, 'native');
  assert.equal(i.typeVocabSize, 2);
  const bytes = fs.readdirSync(BUNDLED_MODEL).reduce((n, f) => n + fs.statSync(path.join(BUNDLED_MODEL, f)).size, 0);
  assert.ok(bytes < MAX_MODEL_BYTES, `${bytes} bytes`);
});

test('the bundled model finds Angela Merkel, Microsoft and Seattle', async () => {
  const text = 'Angela Merkel visited the Microsoft office in Seattle.';
  const r = await analyze(model, text);
  assert.deepEqual(r.spans.map((s) => [s.label, s.text]), [['PER', 'Angela Merkel'], ['ORG', 'Microsoft'], ['LOC', 'Seattle']]);
});

test('the bundled model stores float16 weights yet gives position vectors per token from the graph', async () => {
  const r = await analyze(model, 'Ada Lovelace lived in London.', { positions: true });
  // The position table reaches its Gather through a Cast; the engine follows it.
  assert.equal(r.positions?.tokenSource, 'graph-output');
  assert.equal(r.positions?.source, 'bert.embeddings.position_embeddings.weight');
});

test('the bundled model has 512 distinct, finite position vectors read from its float16 table', () => {
  const m = model.positionMatrix()!;
  assert.deepEqual([m.rows, m.cols], [512, 256]);
  assert.ok(m.data.every(Number.isFinite));
  const rows = new Set(Array.from({ length: m.rows }, (_, r) => m.data.subarray(r * m.cols, (r + 1) * m.cols).join(',')));
  assert.equal(rows.size, 512);
});

test('bert-lens eval on the held-out wikigold slice reproduces the model card', async (t) => {
  const wikigold = path.join(SHARED, 'ner', 'wikigold', 'wikigold.conll.txt');
  if (!fs.existsSync(wikigold)) return t.skip(`shared data not found at ${SHARED}`);
  const card = fs.readFileSync(path.join(BUNDLED_MODEL, 'MODEL_CARD.md'), 'utf8');
  const cmd = /\$ npx bert-lens eval (--model models\/bert-lens-ner --conll \S+wikigold\.conll\.txt --sentences \d+: --types PER,LOC,ORG)\n/.exec(card.replace(/'/g, ''));
  assert.ok(cmd, 'the card lists the wikigold command');
  const expected = /\| wikigold held-out[^|]*\| ([\d.]+) \|/.exec(card);
  assert.ok(expected, 'the card has the wikigold headline F1');
  const args = cmd[1].split(' ').map((a) => (a.endsWith('wikigold.conll.txt') ? wikigold : a === 'models/bert-lens-ner' ? BUNDLED_MODEL : a));
  let out = '';
  const code = await main(['eval', ...args, '--json'], { out: (s) => (out += s), err: () => {}, readStdin: () => '' });
  assert.equal(code, 0);
  assert.equal((100 * JSON.parse(out).micro.f1).toFixed(1), expected[1]);
});
