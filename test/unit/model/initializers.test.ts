import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { BertModel } from '../../../src/model/model';
import { readRows } from '../../../src/model/initializers';
import { ONNX_FLOAT16 } from '../../../src/model/onnxGraph';
import { assertClose, fixture, readReference, removeDir } from '../helpers';

const EXACT = 1e-7; // float32 -> JSON with 8 decimals -> float32

const models: BertModel[] = [];
after(() => Promise.all(models.map((m) => m.dispose())));

for (const name of ['tiny-bert', 'tiny-bert-external', 'tiny-roberta']) {
  test(`the position matrix read from ${name}'s .onnx file equals the exporter's reference`, async () => {
    const m = await BertModel.load(fixture(name), { providers: ['cpu'] });
    models.push(m);
    const ref = readReference(name);
    const pos = m.positionMatrix();
    assert.ok(pos);
    assert.deepEqual([pos.rows, pos.cols], ref.position_embeddings.dims);
    assertClose(pos.data, ref.position_embeddings.data, EXACT, 'position embeddings');
    for (const [id, row] of Object.entries(ref.word_embedding_rows)) {
      assertClose(m.embeddingRow('word', Number(id))!, row, EXACT, `word embedding row ${id}`);
    }
    assert.equal(m.info.positionOffset, name === 'tiny-roberta' ? 2 : 0);
  });
}

test('readRows copies unaligned bytes before reading floats, and converts float16', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-init-'));
  try {
    const file = path.join(dir, 'data.bin');
    // Three bytes of padding: the table starts at an odd offset.
    const f32 = Buffer.alloc(3 + 4 * 4);
    [1.5, -2.25, 3, 1e-3].forEach((v, i) => f32.writeFloatLE(v, 3 + 4 * i));
    fs.writeFileSync(file, f32);
    const init = { name: 't', dims: [2, 2], dataType: 1, location: { file, offset: 3, length: 16, external: true } };
    assert.deepEqual(Array.from(readRows(init, 1, 1).data), [3, Math.fround(1e-3)]);

    const f16 = Buffer.from([0x00, 0x3c, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x7c]); // 1, -2, 0, +inf
    fs.writeFileSync(file, f16);
    const half = { name: 'h', dims: [2, 2], dataType: ONNX_FLOAT16, location: { file, offset: 0, length: 8, external: true } };
    assert.deepEqual(Array.from(readRows(half, 0, 2).data), [1, -2, 0, Infinity]);
  } finally {
    removeDir(dir);
  }
});

test('readRows names the missing external data file', () => {
  const init = { name: 'bert.embeddings.position_embeddings.weight', dims: [4, 2], dataType: 1, location: { file: '/nonexistent/model.onnx_data', offset: 0, length: 32, external: true } };
  assert.throws(() => readRows(init, 0, 4), /Cannot read the data of bert\.embeddings\.position_embeddings\.weight from \/nonexistent\/model\.onnx_data.*external data file/);
});
