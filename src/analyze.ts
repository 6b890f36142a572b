/**
 * The whole pipeline in one call: tokenize -> windows -> model -> labels,
 * spans, and on request attention, position and hidden-state analysis.
 */
import * as ort from 'onnxruntime-node';
import { attentionRollout, wordGroups } from './analysis/attention';
import { analysePositions, tokenParts } from './analysis/positionReport';
import { CancelledError, InferenceError, InputError } from './errors';
import { BertModel } from './model/model';
import { ONNX_INT32 } from './model/onnxGraph';
import { aggregate, checkStrategy, ScoredToken } from './ner/aggregate';
import { argmax, softmaxInto, topK } from './ner/decode';
import { assignOwners, defaultStride, planWindows, WindowPlan } from './ner/windows';
import {
  AggregationStrategy,
  AnalysisResult,
  HiddenStateSummary,
  TokenResult,
  WindowAttention,
  WindowInfo,
} from './protocol';
import { Encoded } from './tokenizer/tokenizer';

export interface AnalyzeOptions {
  /** Hugging Face aggregation strategy for spans (default `first`). */
  aggregation?: AggregationStrategy;
  /** Overlap between windows in tokens (default: 128, less for short windows). */
  stride?: number;
  /** Window length including special tokens (default and maximum: the model's). */
  maxLength?: number;
  /** Alternatives per token (default 3). */
  topK?: number;
  /** Attention for all windows (`true`) or the listed window indices. */
  attention?: boolean | { windows: number[] };
  /**
   * Attention rollout per attention window. Costs layers x seq^3 multiply-adds
   * (about 0.5 s per window for 4 layers at 512 tokens in JavaScript), so it is opt-in.
   */
  rollout?: boolean;
  /** Position-embedding analysis. */
  positions?: boolean;
  /** Per-layer hidden-state norms, when the model outputs hidden states. */
  hiddenStates?: boolean;
  /**
   * Windows per model run when no attention is fetched (default 8). With a
   * `signal`, runs are kept to about 100 ms each (fewer windows per run) so
   * that a cancel never waits on a long one.
   */
  batchSize?: number;
  /**
   * Aborting rejects with `CancelledError` at once: between tokenizer chunks,
   * between model runs, and during a run (which finishes in the background,
   * its output dropped; no further run starts).
   */
  signal?: AbortSignal;
  /** Called after each model run with windows done / total. */
  onProgress?: (done: number, total: number) => void;
}

/** Per-window facts shared by the post-processing steps. */
interface Window extends WindowPlan {
  index: number;
  attention: boolean;
}

/**
 * Analyses `text` with `model`.
 *
 * @example
 * const model = await BertModel.load('models/bert-lens-ner');
 * const r = await analyze(model, 'Ada Lovelace was born in London.', { attention: true });
 * for (const s of r.spans) console.log(s.label, s.text, s.start, s.end);
 */
export async function analyze(model: BertModel, text: string, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const t0 = performance.now();
  if (typeof text !== 'string') throw new InputError('bad-text', `analyze() needs a string, got ${typeof text}.`);
  const strategy = checkStrategy(options.aggregation ?? 'first');
  const k = options.topK ?? 3;
  const tok = model.tokenizer;
  const specials = tok.prefixIds.length + tok.suffixIds.length;
  const maxLength = options.maxLength ?? model.info.maxLength;
  if (!Number.isInteger(maxLength) || maxLength <= specials || maxLength > model.info.maxLength) {
    throw new InputError('bad-max-length', `Invalid maxLength ${maxLength}: it must be an integer from ${specials + 1} to ${model.info.maxLength} (the model's ${model.info.maxPositions} positions${model.info.positionOffset ? ` minus offset ${model.info.positionOffset}` : ''}).`);
  }
  const contentLength = maxLength - specials;
  const stride = options.stride ?? defaultStride(contentLength);
  const batchSize = options.batchSize ?? 8;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError('bad-batch-size', `batchSize must be a positive integer, got ${batchSize}.`);

  const enc = await tok.encode(text, { signal: options.signal });
  const tTokenized = performance.now();
  const n = enc.ids.length;
  const plans = planWindows(n, contentLength, stride);
  const owners = assignOwners(plans, n);
  const warnings: string[] = [];

  const attentionWanted = options.attention ?? false;
  const canAttend = model.attention.kind !== 'unavailable';
  if (attentionWanted && model.attention.kind === 'unavailable') warnings.push(`Attention is not available for this model: ${model.attention.reason}.`);
  const attentionFor = (i: number) =>
    canAttend && (attentionWanted === true || (typeof attentionWanted === 'object' && attentionWanted.windows.includes(i)));
  const windows: Window[] = plans.map((p, index) => ({ ...p, index, attention: attentionFor(index) }));

  const positionMatrix = options.positions ? model.positionMatrix() : undefined;
  if (options.positions && !positionMatrix) warnings.push('Position embeddings are not available: no position-embedding table was found in the graph.');
  const gatherOutput = positionMatrix ? model.embeddings.position?.gatherOutput : undefined;
  const hiddenOutput = options.hiddenStates ? model.hiddenStatesOutput : undefined;
  if (options.hiddenStates && !hiddenOutput) warnings.push('Hidden states are not available: the model has no hidden_states output.');

  const labels = model.config.labels;
  const L = labels.length;
  const probs = new Float32Array(n * L);
  const attention: WindowAttention[] = [];
  const positionRows = gatherOutput ? new Float32Array(n * model.config.hidden) : undefined;
  const hiddenNorms: { layers: number; norms: Float32Array } | undefined = hiddenOutput ? { layers: 0, norms: new Float32Array(0) } : undefined;

  const tSession = performance.now();
  const needsExtra = windows.some((w) => w.attention) || gatherOutput !== undefined;
  if (windows.length > 0) await model.session.outputNames(needsExtra);
  const sessionMs = performance.now() - tSession;

  let runMs = 0;
  let done = 0;
  // Without a signal, throughput only; with one, runs short enough to cancel promptly.
  let limit = options.signal ? 1 : batchSize;
  for (const batch of batches(windows, () => limit)) {
    if (options.signal?.aborted) throw new CancelledError();
    const fetches = [model.logitsOutput];
    const attentionOutputs = batch[0].attention && model.attention.kind !== 'unavailable' ? model.attention.outputs : [];
    fetches.push(...attentionOutputs);
    if (gatherOutput) fetches.push(gatherOutput);
    if (hiddenOutput) fetches.push(hiddenOutput);
    const seq = batch[0].tokenEnd - batch[0].tokenStart + specials;
    const tRun = performance.now();
    const out = await unlessAborted(model.session.run(feeds(model, enc, batch, seq), fetches, attentionOutputs.length > 0 || gatherOutput !== undefined), options.signal);
    const ms = performance.now() - tRun;
    runMs += ms;
    if (options.signal) limit = Math.max(1, Math.min(batchSize, Math.floor((RUN_BUDGET_MS * batch.length) / Math.max(ms, 1))));

    const logits = out[model.logitsOutput];
    checkLogits(logits, batch.length, seq, L);
    const logitData = logits.data as Float32Array;
    batch.forEach((w, b) => {
      for (let i = w.tokenStart; i < w.tokenEnd; i++) {
        if (owners[i] !== w.index) continue;
        const s = tok.prefixIds.length + i - w.tokenStart;
        softmaxInto(logitData, (b * seq + s) * L, L, probs, i * L);
      }
      if (attentionOutputs.length > 0) attention.push(windowAttention(model, enc, w, b, seq, out, attentionOutputs, options.rollout ?? false));
      if (positionRows && gatherOutput) copyOwnedRows(out[gatherOutput], w, b, seq, tok.prefixIds.length, owners, positionRows);
      if (hiddenNorms && hiddenOutput) collectHiddenNorms(out[hiddenOutput], w, b, seq, tok.prefixIds.length, owners, n, hiddenNorms);
    });
    done += batch.length;
    options.onProgress?.(done, windows.length);
  }

  if (options.signal?.aborted) throw new CancelledError();
  const tPost = performance.now();
  const tokens = tokenResults(model, enc, windows, owners, probs, labels, k, tok.prefixIds.length);
  const scored: ScoredToken[] = tokens.map((t) => ({
    index: t.index,
    start: t.start,
    end: t.end,
    isSubword: t.isSubword,
    probs: probs.subarray(t.index * L, (t.index + 1) * L),
  }));
  const spans = aggregate(text, scored, labels, strategy);
  const windowInfos = windowInfo(windows, enc, owners);

  const result: AnalysisResult = {
    schemaVersion: 1,
    model: model.info,
    provider: model.session.report ?? { requested: [], explicit: false, used: 'cpu', fallbacks: [] },
    textLength: text.length,
    aggregation: strategy,
    stride,
    tokens,
    spans,
    windows: windowInfos,
    timings: { tokenizeMs: tTokenized - t0, sessionMs, runMs, postprocessMs: 0, totalMs: 0 },
    warnings,
    probs,
  };
  if (attentionWanted && canAttend) result.attention = attention;
  if (positionMatrix) {
    result.positions = {
      ...analysePositions(model, positionMatrix),
      ...tokenParts(model, tokens, positionMatrix, positionRows),
    };
  }
  if (hiddenNorms && hiddenNorms.layers > 0) result.hiddenStates = hiddenNorms as HiddenStateSummary;
  const tEnd = performance.now();
  result.timings.postprocessMs = tEnd - tPost;
  result.timings.totalMs = tEnd - t0;
  return result;
}

/** What one model run may take when the caller can cancel. */
const RUN_BUDGET_MS = 100;

/** `run`, or a `CancelledError` as soon as `signal` aborts (the run itself goes on; its result or error is dropped). */
function unlessAborted<T>(run: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return run;
  run.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Consecutive windows sharing a fetch set, at most `limit()` per batch (read
 * as each batch starts); attention windows run one at a time (their outputs are large).
 */
function* batches(windows: Window[], limitNow: () => number): Generator<Window[]> {
  let cur: Window[] = [];
  for (const w of windows) {
    const limit = w.attention ? 1 : limitNow();
    if (cur.length > 0 && (cur[0].attention !== w.attention || cur.length >= limit)) {
      yield cur;
      cur = [];
    }
    cur.push(w);
  }
  if (cur.length > 0) yield cur;
}

function feeds(model: BertModel, enc: Encoded, batch: Window[], seq: number): Record<string, ort.Tensor> {
  const tok = model.tokenizer;
  const size = batch.length * seq;
  const ids = new Int32Array(size);
  batch.forEach((w, b) => {
    let p = b * seq;
    for (const id of tok.prefixIds) ids[p++] = id;
    ids.set(enc.ids.subarray(w.tokenStart, w.tokenEnd), p);
    p += w.tokenEnd - w.tokenStart;
    for (const id of tok.suffixIds) ids[p++] = id;
  });
  const dims = [batch.length, seq];
  const out: Record<string, ort.Tensor> = {};
  for (const input of model.inputs) {
    const value = (j: number): number =>
      input.name === 'input_ids' ? ids[j]
        : input.name === 'attention_mask' ? 1
          : input.name === 'token_type_ids' ? 0
            : model.config.positionOffset + (j % seq); // position_ids
    if (input.elemType === ONNX_INT32) {
      const data = input.name === 'input_ids' ? ids : new Int32Array(size);
      if (input.name !== 'input_ids') for (let j = 0; j < size; j++) data[j] = value(j);
      out[input.name] = new ort.Tensor('int32', data, dims);
    } else {
      const data = new BigInt64Array(size);
      for (let j = 0; j < size; j++) data[j] = BigInt(value(j));
      out[input.name] = new ort.Tensor('int64', data, dims);
    }
  }
  return out;
}

function checkLogits(t: ort.Tensor, batch: number, seq: number, labels: number): void {
  const [b, s, l] = t.dims;
  if (t.dims.length !== 3 || b !== batch || s !== seq || l !== labels || t.type !== 'float32') {
    throw new InferenceError('logits-shape', `The model returned logits of shape [${t.dims.join(', ')}] (${t.type}); expected [${batch}, ${seq}, ${labels}] float32 for the ${labels} labels in config.json (id2label). Check that config.json belongs to this model.`);
  }
}

function windowAttention(model: BertModel, enc: Encoded, w: Window, b: number, seq: number, out: ort.InferenceSession.ReturnType, names: string[], rollout: boolean): WindowAttention {
  const { layers, heads } = model.config;
  const size = seq * seq;
  const data = new Float32Array(layers * heads * size);
  const block = heads * size;
  if (names.length === 1 && layers > 1) {
    // Stacked [batch, layers, heads, seq, seq].
    const t = out[names[0]];
    expectSize(t, names[0], (b + 1) * layers * block);
    data.set((t.data as Float32Array).subarray(b * layers * block, (b + 1) * layers * block));
  } else {
    names.forEach((name, l) => {
      const t = out[name];
      expectSize(t, name, (b + 1) * block);
      data.set((t.data as Float32Array).subarray(b * block, (b + 1) * block), l * block);
    });
  }
  const tok = model.tokenizer;
  const content = Array.from({ length: w.tokenEnd - w.tokenStart }, (_, j) => w.tokenStart + j);
  const tokenIndex = [...tok.prefixPieces.map(() => -1), ...content, ...tok.suffixPieces.map(() => -1)];
  const pieces = [...tok.prefixPieces, ...content.map((i) => enc.pieces[i]), ...tok.suffixPieces];
  const words = tokenIndex.map((i) => (i < 0 ? -1 : enc.words[i]));
  const result: WindowAttention = { window: w.index, layers, heads, seq, tokenIndex, pieces, wordGroups: wordGroups(words), data };
  if (rollout) result.rollout = attentionRollout(data, layers, heads, seq);
  return result;
}

function expectSize(t: ort.Tensor, name: string, atLeast: number): void {
  if (t.type !== 'float32' || t.data.length < atLeast) {
    throw new InferenceError('attention-shape', `Attention output ${name} has shape [${t.dims.join(', ')}] (${t.type}); expected [batch, heads, seq, seq] float32 per layer or [batch, layers, heads, seq, seq].`);
  }
}

/** Copies the looked-up position vectors of the tokens a window owns (output [1 or batch, seq, hidden]). */
function copyOwnedRows(t: ort.Tensor, w: Window, b: number, seq: number, prefix: number, owners: Int32Array, into: Float32Array): void {
  const hidden = t.dims[2];
  const base = t.dims[0] === 1 ? 0 : b * seq * hidden;
  const data = t.data as Float32Array;
  for (let i = w.tokenStart; i < w.tokenEnd; i++) {
    if (owners[i] !== w.index) continue;
    const s = prefix + i - w.tokenStart;
    into.set(data.subarray(base + s * hidden, base + (s + 1) * hidden), i * hidden);
  }
}

/** Per-layer L2 norms of the owned tokens' hidden states (output [batch, layers + 1, seq, hidden]). */
function collectHiddenNorms(t: ort.Tensor, w: Window, b: number, seq: number, prefix: number, owners: Int32Array, n: number, acc: { layers: number; norms: Float32Array }): void {
  const [, layers, , hidden] = t.dims;
  if (acc.layers === 0) {
    acc.layers = layers;
    acc.norms = new Float32Array(layers * n);
  }
  const data = t.data as Float32Array;
  for (let l = 0; l < layers; l++) {
    for (let i = w.tokenStart; i < w.tokenEnd; i++) {
      if (owners[i] !== w.index) continue;
      const s = prefix + i - w.tokenStart;
      const at = ((b * layers + l) * seq + s) * hidden;
      let sum = 0;
      for (let h = 0; h < hidden; h++) sum += data[at + h] * data[at + h];
      acc.norms[l * n + i] = Math.sqrt(sum);
    }
  }
}

function tokenResults(model: BertModel, enc: Encoded, windows: Window[], owners: Int32Array, probs: Float32Array, labels: readonly string[], k: number, prefix: number): TokenResult[] {
  const L = labels.length;
  const tokens: TokenResult[] = new Array(enc.ids.length);
  for (let i = 0; i < enc.ids.length; i++) {
    const w = windows[owners[i]];
    const best = argmax(probs, i * L, L);
    const word = enc.words[i];
    tokens[i] = {
      index: i,
      id: enc.ids[i],
      piece: enc.pieces[i],
      start: enc.offsets[2 * i],
      end: enc.offsets[2 * i + 1],
      word,
      isSubword: i > 0 && word >= 0 && enc.words[i - 1] === word,
      window: w.index,
      positionId: model.config.positionOffset + prefix + i - w.tokenStart,
      label: labels[best],
      score: probs[i * L + best],
      topK: topK(probs, i * L, labels, k),
    };
  }
  return tokens;
}

function windowInfo(windows: Window[], enc: Encoded, owners: Int32Array): WindowInfo[] {
  return windows.map((w) => {
    let ownedStart = -1;
    let ownedEnd = -1;
    for (let i = w.tokenStart; i < w.tokenEnd; i++) {
      if (owners[i] !== w.index) continue;
      if (ownedStart < 0) ownedStart = i;
      ownedEnd = i + 1;
    }
    return {
      index: w.index,
      tokenStart: w.tokenStart,
      tokenEnd: w.tokenEnd,
      start: enc.offsets[2 * w.tokenStart],
      end: enc.offsets[2 * (w.tokenEnd - 1) + 1],
      ownedStart: Math.max(ownedStart, w.tokenStart),
      ownedEnd: Math.max(ownedEnd, w.tokenStart),
    };
  });
}
