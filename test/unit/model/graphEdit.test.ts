import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { appendGraphOutputs, findAttention } from '../../../src/model/graphEdit';
import { BertModel } from '../../../src/model/model';
import { parseOnnx } from '../../../src/model/onnxGraph';
import { fixture, maxAbsDiff, SAME_RUNTIME_TOLERANCE } from '../helpers';

const TEXT = 'John Smith visited Paris and the café in 東京 😀. Mary works at Google in London. '.repeat(4);
const models: BertModel[] = [];
const load = async (name: string) => {
  const m = await BertModel.load(fixture(name), { providers: ['cpu'] });
  models.push(m);
  return m;
};
after(() => Promise.all(models.map((m) => m.dispose())));

test('findAttention finds one Softmax per layer, in layer order, in a logits-only export', () => {
  const file = path.join(fixture('tiny-bert-logits-only'), 'model.onnx');
  const g = parseOnnx(fs.readFileSync(file), file);
  const a = findAttention(g, 2);
  assert.equal(a.kind, 'softmax');
  assert.deepEqual(a.kind === 'softmax' && a.outputs, [
    '/bert/encoder/layer.0/attention/self/Softmax_output_0',
    '/bert/encoder/layer.1/attention/self/Softmax_output_0',
  ]);
});

test('findAttention prefers the attentions output of a model that exports them', () => {
  const file = path.join(fixture('tiny-bert'), 'model.onnx');
  const a = findAttention(parseOnnx(fs.readFileSync(file), file), 2);
  assert.deepEqual(a, { kind: 'native', outputs: ['attentions'], stacked: true });
});

test('findAttention reports fused com.microsoft:Attention as unavailable, saying why', () => {
  const file = path.join(fixture('tiny-bert-fused'), 'model.onnx');
  const a = findAttention(parseOnnx(fs.readFileSync(file), file), 2);
  assert.equal(a.kind, 'unavailable');
  assert.match(a.kind === 'unavailable' ? a.reason : '', /fused attention \(1 com\.microsoft:Attention node\)/);
});

test('appendGraphOutputs adds outputs by appending bytes, leaving the original bytes untouched', () => {
  const file = path.join(fixture('tiny-bert-logits-only'), 'model.onnx');
  const bytes = fs.readFileSync(file);
  const edited = appendGraphOutputs(bytes, ['a', 'b']);
  assert.ok(Buffer.from(edited.subarray(0, bytes.length)).equals(bytes));
  const g = parseOnnx(edited, file);
  assert.deepEqual(g.outputs.map((o) => o.name), ['logits', 'a', 'b']);
  assert.equal(g.nodes.length, parseOnnx(bytes, file).nodes.length);
});

test('the graph-edited logits-only model gives the same logits and attention as the native export', async () => {
  const native = await load('tiny-bert');
  const edited = await load('tiny-bert-logits-only');
  const opts = { attention: true, positions: true, maxLength: 24 } as const;
  const a = await analyze(native, TEXT, opts);
  const b = await analyze(edited, TEXT, opts);
  assert.equal(b.model.capabilities.attention, 'graph-edit');
  assert.ok(a.windows.length > 1, 'the text should need several windows');
  assert.deepEqual(b.tokens.map((t) => t.label), a.tokens.map((t) => t.label));
  assert.ok(maxAbsDiff(b.tokens.map((t) => t.score), a.tokens.map((t) => t.score)) <= SAME_RUNTIME_TOLERANCE);
  assert.equal(b.attention?.length, a.windows.length);
  for (let w = 0; w < a.windows.length; w++) {
    assert.ok(maxAbsDiff(b.attention![w].data, a.attention![w].data) <= SAME_RUNTIME_TOLERANCE, `window ${w}`);
  }
});

test('a logits-only analysis does not build the edited graph', async () => {
  const m = await load('tiny-bert-logits-only');
  await analyze(m, TEXT);
  assert.deepEqual(await m.session.outputNames(false), ['logits']);
  await analyze(m, 'hello world', { attention: true });
  assert.equal((await m.session.outputNames(false)).length, 1 + 2 + 1, 'logits + 2 Softmax + position Gather');
});

test('a model with fused attention still labels text and says attention is unavailable', async () => {
  const m = await load('tiny-bert-fused');
  const r = await analyze(m, 'John Smith visited Paris.', { attention: true });
  assert.equal(r.model.capabilities.attention, 'unavailable');
  assert.equal(r.attention, undefined);
  assert.equal(r.tokens.length, 5);
  assert.match(r.warnings.join(' '), /Attention is not available for this model: fused attention/);
});
