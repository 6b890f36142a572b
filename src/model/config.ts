/**
 * Reads and validates a Hugging Face `config.json` for a token classifier.
 */
import * as fs from 'node:fs';
import { ModelLoadError } from '../errors';
import { MODEL_FAMILIES, ModelFamily } from '../protocol';

export interface ModelConfig {
  family: ModelFamily;
  labels: string[];
  layers: number;
  heads: number;
  hidden: number;
  maxPositions: number;
  /** 0 for families without token types (DistilBERT). */
  typeVocabSize: number;
  padTokenId: number;
  /** Position id of the first token: RoBERTa-like families start at padding_idx + 1. */
  positionOffset: number;
  vocabSize: number;
}

const ROBERTA_LIKE = new Set<ModelFamily>(['roberta', 'xlm-roberta', 'camembert']);

type Json = Record<string, unknown>;

function fail(file: string, message: string): never {
  throw new ModelLoadError('bad-config', `${file}: ${message}`, { file });
}

function intField(cfg: Json, file: string, keys: string[], min: number, fallback?: number): number {
  for (const k of keys) {
    const v = cfg[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      fail(file, `"${k}" must be an integer >= ${min}, got ${JSON.stringify(v)}.`);
    }
    return v;
  }
  if (fallback !== undefined) return fallback;
  return fail(file, `"${keys[0]}" is missing. Add it (it is in the config.json of the model you exported).`);
}

/**
 * Parses `id2label` into a dense label list, checking ids are 0..n-1.
 */
function readLabels(cfg: Json, file: string): string[] {
  const raw = cfg.id2label;
  if (raw === undefined) {
    fail(file, '"id2label" is missing: BERT Lens needs the label names of the classifier, e.g. {"0": "O", "1": "B-PER"}.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(file, `"id2label" must be an object mapping ids to label names, got ${JSON.stringify(raw)}.`);
  }
  const entries = Object.entries(raw as Json);
  if (entries.length === 0) fail(file, '"id2label" is empty.');
  const labels: string[] = new Array(entries.length);
  for (const [k, v] of entries) {
    const id = Number(k);
    if (!Number.isInteger(id) || id < 0 || id >= entries.length) {
      fail(file, `"id2label" keys must be the ids 0..${entries.length - 1}; found key ${JSON.stringify(k)}.`);
    }
    if (typeof v !== 'string' || v.length === 0) fail(file, `"id2label"["${k}"] must be a non-empty string.`);
    labels[id] = v;
  }
  return labels;
}

export function parseConfig(text: string, file: string): ModelConfig {
  let cfg: Json;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    cfg = parsed as Json;
  } catch (e) {
    return fail(file, `is not valid JSON (${(e as Error).message}).`);
  }
  const type = cfg.model_type;
  if (typeof type !== 'string') fail(file, `"model_type" is missing; expected one of ${MODEL_FAMILIES.join(', ')}.`);
  const family = type.toLowerCase().replace(/_/g, '-') as ModelFamily;
  if (!MODEL_FAMILIES.includes(family)) {
    fail(file, `model_type "${type}" is not supported; BERT Lens reads ${MODEL_FAMILIES.join(', ')} token classifiers (absolute learned position embeddings).`);
  }
  const positionType = cfg.position_embedding_type;
  if (positionType !== undefined && positionType !== 'absolute') {
    fail(file, `position_embedding_type "${String(positionType)}" is not supported; only "absolute" position embeddings are.`);
  }
  const distil = family === 'distilbert';
  const labels = readLabels(cfg, file);
  const layers = intField(cfg, file, distil ? ['n_layers', 'num_hidden_layers'] : ['num_hidden_layers'], 1);
  const heads = intField(cfg, file, distil ? ['n_heads', 'num_attention_heads'] : ['num_attention_heads'], 1);
  const hidden = intField(cfg, file, distil ? ['dim', 'hidden_size'] : ['hidden_size'], 1);
  if (hidden % heads !== 0) fail(file, `hidden size ${hidden} is not divisible by the ${heads} attention heads.`);
  const maxPositions = intField(cfg, file, ['max_position_embeddings'], 1);
  const typeVocabSize = distil ? 0 : intField(cfg, file, ['type_vocab_size'], 1, 2);
  const padTokenId = intField(cfg, file, ['pad_token_id'], 0, ROBERTA_LIKE.has(family) ? 1 : 0);
  const vocabSize = intField(cfg, file, ['vocab_size'], 1);
  const positionOffset = ROBERTA_LIKE.has(family) ? padTokenId + 1 : 0;
  if (positionOffset >= maxPositions) {
    fail(file, `max_position_embeddings (${maxPositions}) leaves no room after the position offset ${positionOffset}.`);
  }
  return { family, labels, layers, heads, hidden, maxPositions, typeVocabSize, padTokenId, positionOffset, vocabSize };
}

export function readConfig(file: string): ModelConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ModelLoadError('missing-config', `Cannot read ${file}: ${(e as Error).message}. A model folder needs the config.json written by save_pretrained().`, { file, cause: e });
  }
  return parseConfig(text, file);
}
