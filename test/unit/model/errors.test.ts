import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import { analyze } from '../../../src/analyze';
import { ModelLoadError, TokenizerError } from '../../../src/errors';
import { BertModel } from '../../../src/model/model';
import { copyFixture, removeDir } from '../helpers';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeDir);
  dirs = [];
});
function broken(name: string, edit: (dir: string) => void): string {
  const dir = copyFixture(name);
  dirs.push(dir);
  edit(dir);
  return dir;
}
const editJson = (file: string, f: (j: Record<string, unknown>) => void) => {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  f(j);
  fs.writeFileSync(file, JSON.stringify(j));
};

/** Loads (and runs, since some faults only show at run time) and returns the error. */
async function failure(dir: string): Promise<Error> {
  try {
    const m = await BertModel.load(dir, { providers: ['cpu'] });
    try {
      await analyze(m, 'John Smith visited Paris.');
    } finally {
      await m.dispose();
    }
  } catch (e) {
    return e as Error;
  }
  assert.fail('expected an error');
}

test('a missing folder is named', async () => {
  const e = await failure('/nonexistent/model-folder');
  assert.ok(e instanceof ModelLoadError);
  assert.match(e.message, /Model folder \/nonexistent\/model-folder does not exist/);
});

test('a folder without model.onnx says where it looked and how to export one', async () => {
  const e = await failure(broken('tiny-bert', (d) => fs.rmSync(path.join(d, 'model.onnx'))));
  assert.match(e.message, /No ONNX model in .*: looked for model\.onnx and onnx\/model\.onnx\. Export one/);
});

test('a model in onnx/model.onnx is found', async () => {
  const dir = broken('tiny-bert', (d) => {
    fs.mkdirSync(path.join(d, 'onnx'));
    fs.renameSync(path.join(d, 'model.onnx'), path.join(d, 'onnx', 'model.onnx'));
  });
  const m = await BertModel.load(dir, { providers: ['cpu'] });
  assert.equal(m.info.onnxFile, path.join('onnx', 'model.onnx'));
  await m.dispose();
});

test('a truncated .onnx file is reported as truncated or corrupt', async () => {
  const e = await failure(broken('tiny-bert', (d) => {
    const f = path.join(d, 'model.onnx');
    fs.writeFileSync(f, fs.readFileSync(f).subarray(0, 70_000));
  }));
  assert.ok(e instanceof ModelLoadError);
  assert.match(e.message, /model\.onnx is not a valid ONNX model \(.*\); the file is probably truncated or corrupt\. Download or export it again\./);
});

test('random bytes are not mistaken for a model', async () => {
  const e = await failure(broken('tiny-bert', (d) => fs.writeFileSync(path.join(d, 'model.onnx'), crypto.randomBytes(50_000))));
  assert.ok(e instanceof ModelLoadError);
  assert.match(e.message, /model\.onnx is not a valid ONNX model/);
});

test('an empty .onnx file is rejected', async () => {
  const e = await failure(broken('tiny-bert', (d) => fs.writeFileSync(path.join(d, 'model.onnx'), '')));
  assert.match(e.message, /is not a valid ONNX model \(no graph in the file\)/);
});

test('a missing config.json is named', async () => {
  const e = await failure(broken('tiny-bert', (d) => fs.rmSync(path.join(d, 'config.json'))));
  assert.match(e.message, /Cannot read .*config\.json.*save_pretrained/);
});

test('config.json that is not JSON says so', async () => {
  const e = await failure(broken('tiny-bert', (d) => fs.writeFileSync(path.join(d, 'config.json'), '{"model_type": "bert",')));
  assert.match(e.message, /config\.json: is not valid JSON/);
});

test('config.json without id2label asks for the label names', async () => {
  const e = await failure(broken('tiny-bert', (d) => editJson(path.join(d, 'config.json'), (j) => delete j.id2label)));
  assert.match(e.message, /"id2label" is missing: BERT Lens needs the label names/);
});

test('id2label with a gap in its ids is rejected', async () => {
  const e = await failure(broken('tiny-bert', (d) => editJson(path.join(d, 'config.json'), (j) => (j.id2label = { 0: 'O', 2: 'B-PER' }))));
  assert.match(e.message, /"id2label" keys must be the ids 0\.\.1; found key "2"/);
});

test('an unsupported model_type lists the supported families', async () => {
  const e = await failure(broken('tiny-bert', (d) => editJson(path.join(d, 'config.json'), (j) => (j.model_type = 'gpt2'))));
  assert.match(e.message, /model_type "gpt2" is not supported; BERT Lens reads bert, distilbert, roberta, xlm-roberta, camembert, electra/);
});

test('relative position embeddings are refused', async () => {
  const e = await failure(broken('tiny-bert', (d) => editJson(path.join(d, 'config.json'), (j) => (j.position_embedding_type = 'relative_key'))));
  assert.match(e.message, /position_embedding_type "relative_key" is not supported/);
});

test('id2label with fewer labels than the logits is a mismatch named with both counts', async () => {
  const e = await failure(broken('tiny-bert', (d) => editJson(path.join(d, 'config.json'), (j) => (j.id2label = { 0: 'O', 1: 'B-PER', 2: 'I-PER' }))));
  assert.match(e.message, /output "logits" has shape \[batch, sequence, 9\], but a token classifier with the 3 labels of config\.json \(id2label\) needs \[batch, sequence, 3\]/);
});

test('a model whose only output is not per-token logits is not a token classifier', async () => {
  // The fused fixture's graph with its output relabelled as a sentence classifier is not at hand;
  // a config claiming 9 labels over a model with 3-D logits of another width is the same check.
  const e = await failure(broken('tiny-roberta', (d) => editJson(path.join(d, 'config.json'), (j) => (j.id2label = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i, `L${i}`]))))));
  assert.match(e.message, /Is this a token-classification model/);
});

test('a tokenizer from another model (more tokens than embedding rows) is a vocabulary mismatch', async () => {
  const e = await failure(broken('tiny-bert', (d) => {
    const tok = JSON.parse(fs.readFileSync(path.join(d, 'tokenizer.json'), 'utf8'));
    for (let i = 0; i < 500; i++) tok.model.vocab[`extra${i}`] = 163 + i;
    fs.writeFileSync(path.join(d, 'tokenizer.json'), JSON.stringify(tok));
  }));
  assert.ok(e instanceof TokenizerError);
  assert.match(e.message, /The tokenizer \(tokenizer\.json\) has 663 tokens but the model's word embeddings have 163 rows/);
});

test('a folder without any tokenizer file lists the files it accepts', async () => {
  const e = await failure(broken('tiny-bert', (d) => ['tokenizer.json', 'vocab.txt'].forEach((f) => fs.rmSync(path.join(d, f)))));
  assert.match(e.message, /No tokenizer in .*: expected tokenizer\.json, or vocab\.txt \(WordPiece\), or vocab\.json \+ merges\.txt \(BPE\)/);
});

test('a corrupt tokenizer.json is named', async () => {
  const e = await failure(broken('tiny-bert', (d) => fs.writeFileSync(path.join(d, 'tokenizer.json'), '{"model": 3}')));
  assert.match(e.message, /tokenizer\.json could not be loaded/);
});

test('an external-data model with its data file missing names the file', async () => {
  const e = await failure(broken('tiny-bert-external', (d) => fs.rmSync(path.join(d, 'model.onnx_data'))));
  assert.ok(e instanceof ModelLoadError);
  assert.match(e.message, /keeps its weights in the external data file model\.onnx_data, which is missing\. Put model\.onnx_data next to model\.onnx/);
});

test('an external-data model with a truncated data file is reported', async () => {
  const e = await failure(broken('tiny-bert-external', (d) => {
    const f = path.join(d, 'model.onnx_data');
    fs.writeFileSync(f, fs.readFileSync(f).subarray(0, 1000));
  }));
  assert.ok(e instanceof ModelLoadError);
  assert.match(e.message, /model\.onnx_data has 1000 bytes but model\.onnx needs \d+: it is truncated or belongs to another export/);
});
