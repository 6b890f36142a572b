import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { analyze } from '../../src/analyze';
import { CancelledError } from '../../src/errors';
import { BertModel } from '../../src/model/model';
import { softmaxInto } from '../../src/ner/decode';
import { fixture, SAME_RUNTIME_TOLERANCE } from './helpers';

const SENTENCE = 'John Smith visited Paris and the café in 東京 😀. Mary works at Google in London, said Obama.\r\n';
const LONG = SENTENCE.repeat(12);

let bert: BertModel;
let roberta: BertModel;
before(async () => {
  bert = await BertModel.load(fixture('tiny-bert'), { providers: ['cpu'] });
  roberta = await BertModel.load(fixture('tiny-roberta'), { providers: ['cpu'] });
});
after(() => Promise.all([bert.dispose(), roberta.dispose()]));

test('a long text is never truncated: every token of the text is labelled', async () => {
  const r = await analyze(bert, LONG, { maxLength: 20, stride: 5 });
  const all = await bert.tokenizer.encode(LONG);
  assert.equal(r.tokens.length, all.ids.length);
  assert.ok(r.windows.length > 10);
  assert.deepEqual(r.tokens.map((t) => t.id), Array.from(all.ids));
});

test('windows overlap by the stride and their owned ranges partition the tokens', async () => {
  const r = await analyze(bert, LONG, { maxLength: 20, stride: 5 });
  let next = 0;
  for (const [i, w] of r.windows.entries()) {
    assert.equal(w.tokenEnd - w.tokenStart, 18, 'content tokens per window = maxLength - [CLS] - [SEP]');
    if (i > 0 && i < r.windows.length - 1) assert.equal(r.windows[i - 1].tokenEnd - w.tokenStart, 5);
    assert.equal(w.ownedStart, next);
    next = w.ownedEnd;
    assert.equal(w.start, r.tokens[w.tokenStart].start);
    assert.equal(w.end, r.tokens[w.tokenEnd - 1].end);
  }
  assert.equal(next, r.tokens.length);
  for (const t of r.tokens) {
    const w = r.windows[t.window];
    assert.ok(t.index >= w.ownedStart && t.index < w.ownedEnd);
  }
});

test('each token takes its probabilities from the window where it has most context', async () => {
  const r = await analyze(bert, LONG, { maxLength: 20, stride: 8, topK: 9 });
  const L = bert.config.labels.length;
  for (const w of r.windows) {
    const ids = [2, ...r.tokens.slice(w.tokenStart, w.tokenEnd).map((t) => t.id), 3];
    const dims = [1, ids.length];
    const t = (v: number[]) => new ort.Tensor('int64', BigInt64Array.from(v, BigInt), dims);
    const out = await bert.session.run({ input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(ids.map(() => 0)) }, ['logits'], false);
    const probs = new Float32Array(L);
    for (let i = w.ownedStart; i < w.ownedEnd; i++) {
      softmaxInto(out.logits.data as Float32Array, (1 + i - w.tokenStart) * L, L, probs, 0);
      const tok = r.tokens[i];
      for (const alt of tok.topK) {
        assert.ok(Math.abs(alt.score - probs[bert.config.labels.indexOf(alt.label)]) <= SAME_RUNTIME_TOLERANCE, `token ${i}`);
      }
      assert.equal(tok.positionId, 1 + i - w.tokenStart);
    }
  }
});

test('every token and span maps to its exact UTF-16 range of the text', async () => {
  const r = await analyze(bert, LONG, { maxLength: 20 });
  for (const t of r.tokens) {
    const src = LONG.slice(t.start, t.end);
    if (t.piece === '[UNK]') assert.ok(src.length > 0);
    else assert.equal(src.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase(), t.piece.replace(/^##/, ''));
  }
  assert.ok(r.tokens.some((t) => LONG.slice(t.start, t.end) === '😀'));
  for (const s of r.spans) assert.equal(LONG.slice(s.start, s.end), s.text);
  for (let i = 1; i < r.spans.length; i++) assert.ok(r.spans[i].start >= r.spans[i - 1].end, 'spans are ordered and disjoint');
});

test('the empty text and whitespace give an empty result without running the model', async () => {
  for (const text of ['', '   \r\n\t ']) {
    const r = await analyze(bert, text, { attention: true, positions: true });
    assert.deepEqual([r.tokens.length, r.spans.length, r.windows.length, r.attention?.length], [0, 0, 0, 0]);
  }
});

test('cancellation stops between windows with CancelledError', async () => {
  const ac = new AbortController();
  const seen: number[] = [];
  await assert.rejects(
    analyze(bert, LONG, { maxLength: 16, batchSize: 1, signal: ac.signal, onProgress: (done) => (seen.push(done), done === 2 && ac.abort()) }),
    CancelledError,
  );
  assert.deepEqual(seen, [1, 2]);
});

test('progress reports every window', async () => {
  const seen: [number, number][] = [];
  const r = await analyze(bert, LONG, { maxLength: 16, batchSize: 3, onProgress: (d, n) => seen.push([d, n]) });
  assert.equal(seen[seen.length - 1][0], r.windows.length);
  assert.ok(seen.every(([, n]) => n === r.windows.length));
});

test('attention has one [layers][heads][seq][seq] block per window whose rows sum to 1', async () => {
  const r = await analyze(bert, LONG, { maxLength: 24, attention: true, rollout: true });
  assert.equal(r.attention?.length, r.windows.length);
  for (const a of r.attention!) {
    assert.equal(a.data.length, a.layers * a.heads * a.seq * a.seq);
    assert.equal(a.pieces[0], '[CLS]');
    assert.equal(a.pieces[a.seq - 1], '[SEP]');
    assert.deepEqual(a.tokenIndex.slice(1, -1), Array.from({ length: a.seq - 2 }, (_, j) => r.windows[a.window].tokenStart + j));
    for (const m of [a.data, a.rollout!]) {
      for (let row = 0; row < m.length; row += a.seq) {
        const sum = m.subarray(row, row + a.seq).reduce((x, y) => x + y, 0);
        assert.ok(Math.abs(sum - 1) < 1e-5, `row sum ${sum}`);
      }
    }
    assert.equal(a.rollout?.length, a.seq * a.seq);
    assert.deepEqual(a.wordGroups.flat(), Array.from({ length: a.seq }, (_, j) => j), 'word groups cover the sequence in order');
  }
});

test('attention can be limited to some windows; the others run logits only', async () => {
  const r = await analyze(bert, LONG, { maxLength: 24, attention: { windows: [1] } });
  assert.deepEqual(r.attention?.map((a) => a.window), [1]);
});

test('RoBERTa positions start at padding_idx + 1 and the graph\'s own lookup matches the table', async () => {
  const r = await analyze(roberta, 'hello world paris', { positions: true });
  const p = r.positions!;
  assert.equal(p.offset, 2);
  assert.equal(p.tokenSource, 'graph-output');
  assert.equal(r.tokens[0].positionId, 3, '<s> takes position 2, the first token 3');
  const m = roberta.positionMatrix()!;
  for (const part of p.tokens) {
    const row = m.data.subarray(part.positionId * m.cols, (part.positionId + 1) * m.cols);
    const norm = Math.sqrt(row.reduce((a, v) => a + v * v, 0));
    assert.ok(Math.abs(part.positionNorm - norm) < 1e-5, `token ${part.token}: graph lookup != table row ${part.positionId}`);
  }
  assert.deepEqual(p.used, r.tokens.map((t) => t.positionId));
  assert.equal(p.similarity.length, 66 * 66);
  assert.equal(p.pca2d.length, 66 * 2);
  assert.ok(p.tokens.every((t) => t.typeNorm > 0), 'RoBERTa has one token type, still added');
});

test('BERT per-token parts: word, position and token-type norms and cosines', async () => {
  const r = await analyze(bert, 'john smith', { positions: true });
  const [john] = r.positions!.tokens;
  const word = bert.embeddingRow('word', r.tokens[0].id)!;
  const type = bert.embeddingRow('tokenType', 0)!;
  const n = (v: Float32Array) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  assert.ok(Math.abs(john.wordNorm - n(word)) < 1e-6);
  assert.ok(Math.abs(john.typeNorm - n(type)) < 1e-6);
  assert.equal(john.positionId, 1);
  assert.ok(john.cosWordPosition >= -1 && john.cosWordPosition <= 1);
});

test('hidden-state norms come per layer per token when the model outputs them', async () => {
  const r = await analyze(bert, 'john smith visited paris', { hiddenStates: true });
  assert.equal(r.hiddenStates?.layers, 3, 'embeddings + 2 layers');
  assert.equal(r.hiddenStates?.norms.length, 3 * r.tokens.length);
  assert.ok(r.hiddenStates!.norms.every((v) => v > 0));
  const none = await analyze(roberta, 'hello', { hiddenStates: true });
  assert.match(none.warnings.join(), /no hidden_states output/);
});

test('bad options are named with their valid range', async () => {
  await assert.rejects(analyze(bert, 'x', { aggregation: 'longest' as never }), /Invalid aggregation strategy "longest"/);
  await assert.rejects(analyze(bert, 'x', { maxLength: 65 }), /Invalid maxLength 65: it must be an integer from 3 to 64/);
  await assert.rejects(analyze(bert, LONG, { maxLength: 10, stride: 8 }), /Invalid stride 8: .* from 0 to 7/);
  await assert.rejects(analyze(bert, 42 as never), /analyze\(\) needs a string, got number/);
});

test('the result records timings and the provider used', async () => {
  const r = await analyze(bert, SENTENCE);
  assert.equal(r.provider.used, 'cpu');
  assert.ok(r.timings.totalMs >= r.timings.runMs);
  assert.equal(r.textLength, SENTENCE.length);
  assert.equal(r.schemaVersion, 1);
});
