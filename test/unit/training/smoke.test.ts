import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { BertModel } from '../../../src/model/model';
import { REPO } from '../helpers';

// The training pipeline end to end on a few sentences (seconds, offline):
// corpora, vocabulary, NER fine-tuning, export, and the engine loading what
// it wrote; run twice, it must write the same bytes (the bundled model's
// reproducibility rests on it). Needs Debian's PyTorch, which .ci/run installs.
const SHARED = process.env.BERT_LENS_SHARED_DATA ?? path.resolve(REPO, '..', 'shared', 'data');
const TORCH_PYTHON = '/usr/bin/python3';

function hasTorch(): boolean {
  return spawnSync(TORCH_PYTHON, ['-c', 'import torch, onnx'], { stdio: 'ignore' }).status === 0;
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

test('train.py --smoke writes, twice over, the same model folder, which the engine loads and runs', async (t) => {
  if (!fs.existsSync(path.join(SHARED, 'ner'))) return t.skip(`shared data not found at ${SHARED}`);
  if (!hasTorch()) return t.skip(`${TORCH_PYTHON} has no torch/onnx (apt-get install python3-torch python3-onnx)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-lens-smoke-'));
  const [out, again] = ['model', 'again'].map((name) => path.join(dir, name));
  for (const folder of [out, again]) {
    const p = spawnSync(TORCH_PYTHON, ['training/train.py', '--data', SHARED, '--out', folder, '--cache', path.join(dir, 'cache'), '--smoke'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(p.status, 0, p.stderr);
  }
  for (const file of ['model.onnx', 'vocab.txt', 'tokenizer.json', 'config.json']) {
    assert.equal(sha256(path.join(again, file)), sha256(path.join(out, file)), `${file} differs between two identical runs`);
  }
  const training = JSON.parse(fs.readFileSync(path.join(out, 'training.json'), 'utf8'));
  assert.equal(typeof training.dev_micro_f1_per_loc_org_in_context, 'number');
  const model = await BertModel.load(out, { providers: ['cpu'] });
  try {
    assert.equal(model.info.capabilities.attention, 'native');
    assert.equal(model.info.maxPositions, 512);
    const text = 'Ada Lovelace wrote to Babbage from London. 😀 Zürich';
    const r = await analyze(model, text, { attention: true });
    // Every word piece maps back to the text it came from.
    for (const tok of r.tokens) if (tok.piece !== '[UNK]') assert.equal(text.slice(tok.start, tok.end), tok.piece.replace(/^##/, ''));
    assert.equal(r.attention?.[0].layers, 4);
  } finally {
    await model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
