/**
 * A loaded model folder: validated config, tokenizer, graph facts and a lazy
 * session. This is where "what is wrong with this model" gets decided.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BertLensError, errorMessage, ModelLoadError, TokenizerError } from '../errors';
import { Logger, silentLogger } from '../logger';
import { ModelCapabilities, ModelInfo } from '../protocol';
import { TextTokenizer } from '../tokenizer/tokenizer';
import { ModelConfig, readConfig } from './config';
import { AttentionSource, EmbeddingTables, findAttention, findEmbeddings } from './graphEdit';
import { Matrix, readMatrix, readRows } from './initializers';
import { OnnxGraph, parseOnnx } from './onnxGraph';
import { ProtoFormatError } from './protobuf';
import { ProviderPreference, resolveProviders } from './providers';
import { ModelSession, readModelBytes } from './session';

export interface LoadOptions {
  /** Execution providers to try, in order (default `auto`). */
  providers?: ProviderPreference;
  threads?: number;
  logger?: Logger;
  /** The .onnx file inside the folder, when it is not model.onnx or onnx/model.onnx. */
  onnxFile?: string;
}

/** Graph inputs the engine knows how to feed. */
const KNOWN_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids', 'position_ids']);

export class BertModel {
  private positionCache?: Matrix;
  private rowCache = new Map<string, Float32Array>();

  private constructor(
    readonly dir: string,
    readonly onnxPath: string,
    readonly config: ModelConfig,
    readonly tokenizer: TextTokenizer,
    /** Graph inputs with their ONNX element types (int64 or int32). */
    readonly inputs: { name: string; elemType: number }[],
    readonly logitsOutput: string,
    readonly attention: AttentionSource,
    readonly embeddings: EmbeddingTables,
    readonly hiddenStatesOutput: string | undefined,
    private readonly graph: OnnxGraph,
    readonly session: ModelSession,
    readonly info: ModelInfo,
  ) {}

  /**
   * Loads and validates a Hugging Face style model folder.
   *
   * @example
   * const model = await BertModel.load('models/bert-lens-ner', { providers: ['cuda'] });
   * const result = await analyze(model, 'Ada Lovelace was born in London.');
   * await model.dispose();
   */
  static async load(dir: string, opts: LoadOptions = {}): Promise<BertModel> {
    const log = opts.logger ?? silentLogger;
    const folder = path.resolve(dir);
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      throw new ModelLoadError('missing-folder', `Model folder ${folder} does not exist. Point to a folder with model.onnx, config.json and tokenizer.json.`, { file: folder });
    }
    const onnxPath = findOnnx(folder, opts.onnxFile);
    const config = readConfig(path.join(folder, 'config.json'));
    const graph = readGraph(onnxPath);
    checkExternalData(graph, onnxPath);

    const inputNames = graph.inputs.map((i) => i.name);
    const unknown = inputNames.filter((n) => !KNOWN_INPUTS.has(n));
    if (!inputNames.includes('input_ids') || unknown.length > 0) {
      throw new ModelLoadError('bad-inputs', `${onnxPath} has inputs [${inputNames.join(', ')}]; BERT Lens feeds input_ids plus optionally attention_mask, token_type_ids and position_ids.${unknown.length ? ` Unknown: ${unknown.join(', ')}.` : ' input_ids is missing.'} Export it as a token classifier (e.g. optimum-cli export onnx --task token-classification).`, { file: onnxPath });
    }
    const logits = graph.outputs.find((o) => o.name === 'logits') ?? graph.outputs[0];
    if (!logits) throw new ModelLoadError('bad-outputs', `${onnxPath} has no outputs.`, { file: onnxPath });
    const width = logits.dims[logits.dims.length - 1];
    if (logits.hasShape && (logits.dims.length !== 3 || (typeof width === 'number' && width !== config.labels.length))) {
      const shape = `[${logits.dims.map((d) => (d === '' ? '?' : d)).join(', ')}]`;
      throw new ModelLoadError('label-mismatch', `${onnxPath}: output "${logits.name}" has shape ${shape}, but a token classifier with the ${config.labels.length} labels of config.json (id2label) needs [batch, sequence, ${config.labels.length}]. Is this a token-classification model, and is config.json the one exported with it?`, { file: onnxPath });
    }

    let tokenizer: TextTokenizer;
    try {
      tokenizer = await TextTokenizer.load(folder);
    } catch (e) {
      if (e instanceof BertLensError) throw e;
      throw new TokenizerError('bad-tokenizer', `Cannot load the tokenizer in ${folder}: ${errorMessage(e)}`, { file: folder, cause: e });
    }
    const wordInit = [...graph.initializers.values()].find((i) => /word_embeddings/.test(i.name));
    const vocabRows = wordInit?.dims[0] ?? config.vocabSize;
    if (tokenizer.vocabSize > vocabRows) {
      throw new TokenizerError('vocab-mismatch', `The tokenizer (${path.basename(tokenizer.source)}) has ${tokenizer.vocabSize} tokens but the model's word embeddings have ${vocabRows} rows: they do not belong together. Use the tokenizer saved with this model.`, { file: tokenizer.source });
    }

    const attention = findAttention(graph, config.layers);
    const embeddings = findEmbeddings(graph, {
      vocabSize: vocabRows,
      maxPositions: config.maxPositions,
      typeVocabSize: config.typeVocabSize,
      hidden: config.hidden,
    });
    const outputNames = new Set(graph.outputs.map((o) => o.name));
    const extra: string[] = [];
    if (attention.kind === 'softmax') extra.push(...attention.outputs);
    const posGather = embeddings.position?.gatherOutput;
    if (posGather && !outputNames.has(posGather)) extra.push(posGather);
    const hiddenStatesOutput = graph.outputs.find((o) => /hidden/i.test(o.name))?.name;

    const capabilities = describeCapabilities(attention, embeddings, hiddenStatesOutput);
    const maxLength = Math.min(config.maxPositions - config.positionOffset, modelMaxLength(folder) ?? Infinity);
    const info: ModelInfo = {
      name: path.basename(folder),
      path: folder,
      onnxFile: path.relative(folder, onnxPath),
      family: config.family,
      layers: config.layers,
      heads: config.heads,
      hidden: config.hidden,
      maxPositions: config.maxPositions,
      positionOffset: config.positionOffset,
      maxLength,
      typeVocabSize: config.typeVocabSize,
      vocabSize: tokenizer.vocabSize,
      labels: config.labels,
      capabilities,
    };
    const preference = opts.providers ?? 'auto';
    const providers = resolveProviders(preference);
    const explicit = preference !== 'auto' && !(preference.length === 1 && preference[0] === 'auto');
    const session = new ModelSession(onnxPath, extra, { providers, threads: opts.threads, explicit }, log);
    log.info(`loaded ${folder}: ${config.family}, ${config.layers} layers, attention ${capabilities.attention}`);
    return new BertModel(folder, onnxPath, config, tokenizer, graph.inputs.map((i) => ({ name: i.name, elemType: i.elemType })), logits.name, attention, embeddings, hiddenStatesOutput, graph, session, info);
  }

  /** The position-embedding table as stored in the file (cached). */
  positionMatrix(): Matrix | undefined {
    if (this.positionCache) return this.positionCache;
    const name = this.embeddings.position?.initializer;
    const init = name ? this.graph.initializers.get(name) : undefined;
    if (!init) return undefined;
    this.positionCache = readMatrix(init);
    return this.positionCache;
  }

  /** One row of the word or token-type embedding table (cached per row). */
  embeddingRow(kind: 'word' | 'tokenType', id: number): Float32Array | undefined {
    const name = this.embeddings[kind]?.initializer;
    const init = name ? this.graph.initializers.get(name) : undefined;
    if (!init) return undefined;
    const key = `${kind}:${id}`;
    let row = this.rowCache.get(key);
    if (!row) {
      row = readRows(init, id, 1).data;
      this.rowCache.set(key, row);
    }
    return row;
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

function findOnnx(folder: string, onnxFile?: string): string {
  const candidates = onnxFile ? [onnxFile] : ['model.onnx', path.join('onnx', 'model.onnx')];
  for (const c of candidates) {
    const p = path.resolve(folder, c);
    if (fs.existsSync(p)) return p;
  }
  throw new ModelLoadError('missing-onnx', `No ONNX model in ${folder}: looked for ${candidates.join(' and ')}. Export one with \`optimum-cli export onnx --task token-classification\` or training/export_onnx.py.`, { file: folder });
}

/** External data files must exist and hold every byte range the graph points into. */
function checkExternalData(graph: OnnxGraph, onnxPath: string): void {
  const need = new Map<string, number>();
  for (const init of graph.initializers.values()) {
    const loc = init.location;
    if (loc?.external) need.set(loc.file, Math.max(need.get(loc.file) ?? 0, loc.offset + loc.length));
  }
  for (const [file, bytes] of need) {
    const size = fs.existsSync(file) ? fs.statSync(file).size : -1;
    if (size < 0) {
      throw new ModelLoadError('missing-external-data', `${onnxPath} keeps its weights in the external data file ${path.basename(file)}, which is missing. Put ${path.basename(file)} next to ${path.basename(onnxPath)} (download or copy both files).`, { file });
    }
    if (size < bytes) {
      throw new ModelLoadError('truncated-data', `The external data file ${file} has ${size} bytes but ${path.basename(onnxPath)} needs ${bytes}: it is truncated or belongs to another export. Download or export the model again.`, { file });
    }
  }
}

function readGraph(onnxPath: string): OnnxGraph {
  const bytes = readModelBytes(onnxPath);
  try {
    return parseOnnx(bytes, onnxPath);
  } catch (e) {
    if (e instanceof ProtoFormatError) {
      throw new ModelLoadError('bad-onnx', `${onnxPath} is not a valid ONNX model (${e.message}); the file is probably truncated or corrupt. Download or export it again.`, { file: onnxPath, cause: e });
    }
    throw e;
  }
}

/** `model_max_length` from tokenizer_config.json when it is a real limit (HF writes 1e30 for "none"). */
function modelMaxLength(folder: string): number | undefined {
  const file = path.join(folder, 'tokenizer_config.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8')).model_max_length;
    return typeof v === 'number' && v > 2 && v < 1e6 ? v : undefined;
  } catch {
    return undefined; // the tokenizer loader reports a malformed file
  }
}

function describeCapabilities(attention: AttentionSource, embeddings: EmbeddingTables, hidden?: string): ModelCapabilities {
  const notes: string[] = [];
  if (attention.kind === 'native') notes.push('attention from the model\'s own outputs');
  else if (attention.kind === 'softmax') notes.push(`attention obtained by graph edit (${attention.outputs.length} Softmax outputs exposed)`);
  else notes.push(`attention not available: ${attention.reason}`);
  if (embeddings.position) notes.push(`position embeddings read from ${embeddings.position.initializer}`);
  else notes.push('position embeddings not found in the graph (no initializer named *position_embeddings* or of shape [max_position_embeddings, hidden])');
  if (hidden) notes.push(`hidden states from output ${hidden}`);
  return {
    attention: attention.kind === 'softmax' ? 'graph-edit' : attention.kind,
    positions: embeddings.position !== undefined,
    hiddenStates: hidden !== undefined,
    notes,
  };
}
