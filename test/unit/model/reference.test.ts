import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { BertModel } from '../../../src/model/model';
import { assertClose, fixture, readReference, ReferenceBatch, TORCH_TOLERANCE } from '../helpers';

function feeds(model: BertModel, b: ReferenceBatch): Record<string, ort.Tensor> {
  const dims = [b.input_ids.length, b.input_ids[0].length];
  const flat = (rows: number[][]) => BigInt64Array.from(rows.flat(), (v) => BigInt(v));
  const out: Record<string, ort.Tensor> = {};
  for (const { name } of model.inputs) {
    const rows = name === 'input_ids' ? b.input_ids : name === 'attention_mask' ? b.attention_mask : b.input_ids.map((r) => r.map(() => 0));
    out[name] = new ort.Tensor('int64', flat(rows), dims);
  }
  return out;
}

/** Attention outputs of the engine stacked as PyTorch's [batch, layers, heads, seq, seq]. */
function stackedAttention(model: BertModel, out: Record<string, ort.Tensor>, batch: number, seq: number): Float32Array {
  const a = model.attention;
  if (a.kind === 'unavailable') throw new Error('no attention');
  if (a.outputs.length === 1) return out[a.outputs[0]].data as Float32Array;
  const { layers, heads } = model.config;
  const block = heads * seq * seq;
  const data = new Float32Array(batch * layers * block);
  a.outputs.forEach((name, l) => {
    const t = out[name].data as Float32Array;
    for (let b = 0; b < batch; b++) data.set(t.subarray(b * block, (b + 1) * block), (b * layers + l) * block);
  });
  return data;
}

for (const name of ['tiny-bert', 'tiny-bert-logits-only', 'tiny-bert-external', 'tiny-roberta']) {
  describe(`${name} matches the PyTorch reference`, () => {
    const ref = readReference(name);
    let model: BertModel;
    after(() => model?.dispose());

    ref.batches.forEach((b, i) => {
      test(`batch ${i} (${b.input_ids.length} x ${b.input_ids[0].length}${b.attention_mask.flat().includes(0) ? ', padded' : ''}): logits and attentions within 1e-4`, async () => {
        model ??= await BertModel.load(fixture(name), { providers: ['cpu'] });
        const a = model.attention;
        assert.notEqual(a.kind, 'unavailable');
        const fetches = [model.logitsOutput, ...(a.kind === 'unavailable' ? [] : a.outputs)];
        const out = await model.session.run(feeds(model, b), fetches, a.kind === 'softmax');
        assert.deepEqual(out[model.logitsOutput].dims, b.logits_shape);
        assertClose(out[model.logitsOutput].data as Float32Array, b.logits, TORCH_TOLERANCE, 'logits');
        const [batch, , , seq] = b.attentions_shape;
        assertClose(stackedAttention(model, out, batch, seq), b.attentions, TORCH_TOLERANCE, 'attentions');
      });
    });
  });
}
