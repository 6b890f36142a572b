/**
 * Broken model folders, each made from a fixture by one edit, with the error
 * it must give. The engine's tests (errors.test.ts) and the CLI's
 * (cli/brokenModels.test.ts) run the same table.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelLoadError, TokenizerError } from '../../../src/errors';
import { copyFixture } from '../helpers';

export interface Breakage {
  what: string;
  fixture: string;
  edit: (dir: string) => void;
  /** The message: what is wrong, with which file, and the fix. */
  message: RegExp;
  /** The file the message must name. */
  file: string;
  kind?: typeof ModelLoadError | typeof TokenizerError;
}

const editJson = (file: string, f: (j: Record<string, unknown>) => void) => {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  f(j);
  fs.writeFileSync(file, JSON.stringify(j));
};
const truncate = (file: string, bytes: number) => fs.writeFileSync(file, fs.readFileSync(file).subarray(0, bytes));
const config = (d: string, f: (j: Record<string, unknown>) => void) => editJson(path.join(d, 'config.json'), f);

export const BREAKAGES: readonly Breakage[] = [
  {
    what: 'a folder without model.onnx says where it looked and how to export one',
    fixture: 'tiny-bert',
    edit: (d) => fs.rmSync(path.join(d, 'model.onnx')),
    message: /No ONNX model in .*: looked for model\.onnx and onnx\/model\.onnx\. Export one/,
    file: 'model.onnx',
  },
  {
    what: 'a truncated .onnx file is reported as truncated or corrupt',
    fixture: 'tiny-bert',
    edit: (d) => truncate(path.join(d, 'model.onnx'), 70_000),
    message: /model\.onnx is not a valid ONNX model \(.*\); the file is probably truncated or corrupt\. Download or export it again\./,
    file: 'model.onnx',
    kind: ModelLoadError,
  },
  {
    what: 'random bytes are not mistaken for a model',
    fixture: 'tiny-bert',
    edit: (d) => fs.writeFileSync(path.join(d, 'model.onnx'), crypto.randomBytes(50_000)),
    message: /model\.onnx is not a valid ONNX model/,
    file: 'model.onnx',
    kind: ModelLoadError,
  },
  {
    what: 'an empty .onnx file is rejected',
    fixture: 'tiny-bert',
    edit: (d) => fs.writeFileSync(path.join(d, 'model.onnx'), ''),
    message: /is not a valid ONNX model \(no graph in the file\)/,
    file: 'model.onnx',
  },
  {
    what: 'a missing config.json is named',
    fixture: 'tiny-bert',
    edit: (d) => fs.rmSync(path.join(d, 'config.json')),
    message: /Cannot read .*config\.json.*save_pretrained/,
    file: 'config.json',
  },
  {
    what: 'config.json that is not JSON says so',
    fixture: 'tiny-bert',
    edit: (d) => fs.writeFileSync(path.join(d, 'config.json'), '{"model_type": "bert",'),
    message: /config\.json: is not valid JSON/,
    file: 'config.json',
  },
  {
    what: 'config.json without id2label asks for the label names',
    fixture: 'tiny-bert',
    edit: (d) => config(d, (j) => delete j.id2label),
    message: /"id2label" is missing: BERT Lens needs the label names/,
    file: 'config.json',
  },
  {
    what: 'id2label with a gap in its ids is rejected',
    fixture: 'tiny-bert',
    edit: (d) => config(d, (j) => (j.id2label = { 0: 'O', 2: 'B-PER' })),
    message: /"id2label" keys must be the ids 0\.\.1; found key "2"/,
    file: 'config.json',
  },
  {
    what: 'an unsupported model_type lists the supported families',
    fixture: 'tiny-bert',
    edit: (d) => config(d, (j) => (j.model_type = 'gpt2')),
    message: /model_type "gpt2" is not supported; BERT Lens reads bert, distilbert, roberta, xlm-roberta, camembert, electra/,
    file: 'config.json',
  },
  {
    what: 'relative position embeddings are refused',
    fixture: 'tiny-bert',
    edit: (d) => config(d, (j) => (j.position_embedding_type = 'relative_key')),
    message: /position_embedding_type "relative_key" is not supported/,
    file: 'config.json',
  },
  {
    what: 'id2label with fewer labels than the logits is a mismatch named with both counts',
    fixture: 'tiny-bert',
    edit: (d) => config(d, (j) => (j.id2label = { 0: 'O', 1: 'B-PER', 2: 'I-PER' })),
    message: /output "logits" has shape \[batch, sequence, 9\], but a token classifier with the 3 labels of config\.json \(id2label\) needs \[batch, sequence, 3\]/,
    file: 'config.json',
  },
  {
    what: 'a config claiming more labels than a 3-D output has asks whether this is a token classifier',
    fixture: 'tiny-roberta',
    edit: (d) => config(d, (j) => (j.id2label = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i, `L${i}`])))),
    message: /Is this a token-classification model/,
    file: 'config.json',
  },
  {
    what: 'a valid ONNX sentence classifier ([batch, labels] logits) is not a token classifier',
    fixture: 'tiny-bert-seqcls',
    edit: () => undefined,
    message: /model\.onnx: output "logits" has shape \[batch, 9\], but a token classifier .* needs \[batch, sequence, 9\]\. Is this a token-classification model/,
    file: 'model.onnx',
  },
  {
    what: 'a tokenizer from another model (more tokens than embedding rows) is a vocabulary mismatch',
    fixture: 'tiny-bert',
    edit: (d) => {
      const tok = JSON.parse(fs.readFileSync(path.join(d, 'tokenizer.json'), 'utf8'));
      for (let i = 0; i < 500; i++) tok.model.vocab[`extra${i}`] = 163 + i;
      fs.writeFileSync(path.join(d, 'tokenizer.json'), JSON.stringify(tok));
    },
    message: /The tokenizer \(tokenizer\.json\) has 663 tokens but the model's word embeddings have 163 rows/,
    file: 'tokenizer.json',
    kind: TokenizerError,
  },
  {
    what: 'a folder without any tokenizer file lists the files it accepts',
    fixture: 'tiny-bert',
    edit: (d) => ['tokenizer.json', 'vocab.txt'].forEach((f) => fs.rmSync(path.join(d, f))),
    message: /No tokenizer in .*: expected tokenizer\.json, or vocab\.txt \(WordPiece\), or vocab\.json \+ merges\.txt \(BPE\)/,
    file: 'tokenizer.json',
  },
  {
    what: 'a corrupt tokenizer.json is named',
    fixture: 'tiny-bert',
    edit: (d) => fs.writeFileSync(path.join(d, 'tokenizer.json'), '{"model": 3}'),
    message: /tokenizer\.json could not be loaded/,
    file: 'tokenizer.json',
  },
  {
    what: 'an external-data model with its data file missing names the file',
    fixture: 'tiny-bert-external',
    edit: (d) => fs.rmSync(path.join(d, 'model.onnx_data')),
    message: /keeps its weights in the external data file model\.onnx_data, which is missing\. Put model\.onnx_data next to model\.onnx/,
    file: 'model.onnx_data',
    kind: ModelLoadError,
  },
  {
    what: 'an external-data model with a truncated data file is reported',
    fixture: 'tiny-bert-external',
    edit: (d) => truncate(path.join(d, 'model.onnx_data'), 1000),
    message: /model\.onnx_data has 1000 bytes but model\.onnx needs \d+: it is truncated or belongs to another export/,
    file: 'model.onnx_data',
    kind: ModelLoadError,
  },
];

/** A copy of the breakage's fixture with its edit applied (the caller removes it). */
export function brokenCopy(b: Breakage): string {
  const dir = copyFixture(b.fixture);
  b.edit(dir);
  return dir;
}
