/**
 * The engine's result types and every message between the extension host and
 * the webview panel. Plain data only (numbers, strings, typed arrays), so a
 * result can be posted to a webview or written as JSON.
 *
 * Offsets are always UTF-16 code units of the analysed string, `[start, end)`,
 * exactly what `String.prototype.slice` and VS Code positions use.
 */

export const AGGREGATION_STRATEGIES = ['none', 'simple', 'first', 'average', 'max'] as const;
/** Hugging Face `TokenClassificationPipeline` aggregation strategies. */
export type AggregationStrategy = (typeof AGGREGATION_STRATEGIES)[number];

export const EXECUTION_PROVIDERS = ['cuda', 'webgpu', 'dml', 'coreml', 'cpu'] as const;
export type ExecutionProviderName = (typeof EXECUTION_PROVIDERS)[number];

export const MODEL_FAMILIES = ['bert', 'distilbert', 'roberta', 'xlm-roberta', 'camembert', 'electra'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export interface LabelScore {
  label: string;
  score: number;
}

/** One word piece of the text (special tokens are not listed here). */
export interface TokenResult {
  /** Index in the whole text's token sequence (0-based, specials excluded). */
  index: number;
  /** Vocabulary id. */
  id: number;
  /** The vocabulary string, e.g. `##ing`, `Ġworld`, `[UNK]`. */
  piece: string;
  /** UTF-16 offsets into the analysed text. */
  start: number;
  end: number;
  /** Index of the word (pre-tokenizer split) this piece belongs to. */
  word: number;
  /** True when the piece continues the word of the previous piece. */
  isSubword: boolean;
  /** The window whose prediction this token took (the one where it had most context). */
  window: number;
  /** The position id the model saw for this token in that window (family offset included). */
  positionId: number;
  /** Arg-max label and its softmax probability. */
  label: string;
  score: number;
  /** The `topK` most probable labels, best first (includes `label`). */
  topK: LabelScore[];
}

/** An entity (or, for strategy `none`, a labelled token). */
export interface EntitySpan {
  /** Entity type without the B-/I- prefix (`PER`); the full tag for strategy `none`. */
  label: string;
  /** Mean score, as the Hugging Face pipeline computes it for the strategy. */
  score: number;
  start: number;
  end: number;
  /** Exactly `text.slice(start, end)`. */
  text: string;
  /** Content-token index range `[tokenStart, tokenEnd)`. */
  tokenStart: number;
  tokenEnd: number;
}

/** One model run over part of the text: `[CLS] tokens[tokenStart..tokenEnd) [SEP]`. */
export interface WindowInfo {
  index: number;
  tokenStart: number;
  tokenEnd: number;
  /** UTF-16 range of the text the window's tokens cover. */
  start: number;
  end: number;
  /** Tokens whose labels were taken from this window: `[ownedStart, ownedEnd)`. */
  ownedStart: number;
  ownedEnd: number;
}

/** Attention probabilities of one window, `[layers][heads][seq][seq]` row-major. */
export interface WindowAttention {
  window: number;
  layers: number;
  heads: number;
  /** Sequence length including special tokens. */
  seq: number;
  /** For each sequence position: the content-token index, or -1 for a special token. */
  tokenIndex: number[];
  /** The piece at each sequence position (specials included), for axis labels. */
  pieces: string[];
  /** Sequence positions grouped into words (specials alone), for word-level views (`mergeToWords`). */
  wordGroups: number[][];
  data: Float32Array;
  /** Attention rollout across all layers (Abnar & Zuidema), `seq x seq`; when asked for (O(layers x seq^3)). */
  rollout?: Float32Array;
}

/** Per-token decomposition of the input embedding into its parts. */
export interface TokenEmbeddingParts {
  token: number;
  positionId: number;
  wordNorm: number;
  positionNorm: number;
  /** 0 for families without token types. */
  typeNorm: number;
  cosWordPosition: number;
  cosWordType: number;
  cosPositionType: number;
}

export interface PositionAnalysis {
  /** Rows of the position-embedding matrix (= config max_position_embeddings). */
  rows: number;
  hidden: number;
  /** Position id of the first real token (RoBERTa: padding_idx + 1; BERT: 0). */
  offset: number;
  /** The initializer the matrix was read from. */
  source: string;
  /** PCA of all rows: `rows x 2` and `rows x 3`, row-major. */
  pca2d: Float32Array;
  pca3d: Float32Array;
  /** Fraction of variance explained by the first three components. */
  explainedVariance: number[];
  /** Cosine similarity between all pairs of position vectors, `rows x rows`. */
  similarity: Float32Array;
  /** The same for the sinusoidal (Vaswani et al.) table of the same shape. */
  sinusoidalSimilarity: Float32Array;
  /** Position ids used by this input (sorted, unique). */
  used: number[];
  tokens: TokenEmbeddingParts[];
  /** Where the per-token position vectors came from. */
  tokenSource: 'graph-output' | 'initializer';
}

export interface HiddenStateSummary {
  /** Number of hidden-state tensors (embeddings + one per layer). */
  layers: number;
  /** L2 norm per layer per content token, `[layers][tokens]` row-major. */
  norms: Float32Array;
}

export type AttentionCapability = 'native' | 'graph-edit' | 'unavailable';

export interface ModelCapabilities {
  /** How attention probabilities are obtained. */
  attention: AttentionCapability;
  /** Whether the position-embedding matrix could be read from the file. */
  positions: boolean;
  /** Whether the graph exports hidden states. */
  hiddenStates: boolean;
  /** Human-readable notes ("attention obtained by graph edit", "fused attention: not available"). */
  notes: string[];
}

export interface ModelInfo {
  name: string;
  path: string;
  onnxFile: string;
  family: ModelFamily;
  layers: number;
  heads: number;
  hidden: number;
  maxPositions: number;
  positionOffset: number;
  /** Longest window the model takes, special tokens included. */
  maxLength: number;
  typeVocabSize: number;
  vocabSize: number;
  labels: string[];
  capabilities: ModelCapabilities;
}

export interface ProviderFallback {
  provider: string;
  reason: string;
}

export interface ProviderReport {
  requested: string[];
  /** False for `auto` (GPU providers tried opportunistically); true when the user listed providers. */
  explicit: boolean;
  /** The provider the session actually runs on. */
  used: ExecutionProviderName;
  /** Providers tried before `used`, each with why it was not used. */
  fallbacks: ProviderFallback[];
}

export interface Timings {
  tokenizeMs: number;
  /** Session creation on first use (0 when the cached session was reused). */
  sessionMs: number;
  runMs: number;
  postprocessMs: number;
  totalMs: number;
}

export interface AnalysisResult {
  /** Bumped when the shape of this object changes. */
  schemaVersion: 1;
  model: ModelInfo;
  provider: ProviderReport;
  /** Length of the analysed text in UTF-16 code units. */
  textLength: number;
  aggregation: AggregationStrategy;
  /** Overlap between consecutive windows, in tokens. */
  stride: number;
  tokens: TokenResult[];
  spans: EntitySpan[];
  windows: WindowInfo[];
  attention?: WindowAttention[];
  positions?: PositionAnalysis;
  hiddenStates?: HiddenStateSummary;
  timings: Timings;
  /** Things the user should know about this result (e.g. attention unavailable). */
  warnings: string[];
  /** Softmax probabilities of every token over `model.labels`, `[tokens][labels]` row-major (re-aggregation without re-running the model). */
  probs?: Float32Array;
}

// ---------------------------------------------------------------------------
// What the panel receives: the result with its heavy tensors made compact.

/**
 * A tensor quantized in blocks: element `i` is `offsets[b] + data[i] * scales[b]`
 * with `b = floor(i / block)`. 16 bits keep 4 decimals of an attention weight;
 * 8 bits suit pictures (thumbnails, similarity maps).
 */
export interface Quantized {
  dims: number[];
  data: Uint8Array | Uint16Array;
  block: number;
  offsets: Float32Array;
  scales: Float32Array;
}

/** One window's attention without its weights: these come per layer on request (`attention/request`). */
export interface AttentionSummary extends Omit<WindowAttention, 'data' | 'rollout'> {
  /** Every layer x head map, mean-pooled to `thumbSize x thumbSize`, 8-bit: `[layers][heads][thumb][thumb]`. */
  thumbs: Quantized;
  thumbSize: number;
}

export interface PanelPositions extends Omit<PositionAnalysis, 'similarity' | 'sinusoidalSimilarity'> {
  /** `rows x rows`, 8-bit. */
  similarity: Quantized;
  sinusoidalSimilarity: Quantized;
}

/** `AnalysisResult` as the panel gets it: attention weights left out (asked for per layer), similarity maps 8-bit. */
export interface PanelResult extends Omit<AnalysisResult, 'attention' | 'positions'> {
  attention?: AttentionSummary[];
  positions?: PanelPositions;
}

/** Where the analysed text came from, so a reloaded panel can ask for the same analysis again. */
export interface SourceRef {
  uri: string;
  /** UTF-16 offsets of the analysed text in the document. */
  start: number;
  end: number;
  /** Hash of the analysed text: the document must still hold the same text there. */
  hash: string;
}

export type AttentionLayerRef = number | 'rollout';

export type ProjectionMethod = 'umap';

// ---------------------------------------------------------------------------
// Host <-> webview messages

/** Messages the extension host posts to the webview. */
export type HostToWebviewMessage =
  | { type: 'analysis/show'; result: PanelResult; text: string; source?: SourceRef }
  | { type: 'attention/layer'; window: number; layer: AttentionLayerRef; weights: Quantized }
  | { type: 'positions/projection'; method: ProjectionMethod; points?: Float32Array; error?: string }
  | { type: 'analysis/progress'; window: number; windows: number }
  | { type: 'analysis/error'; message: string }
  | { type: 'analysis/clear' }
  | { type: 'token/focus'; token: number };

/** Messages the webview posts to the extension host. */
export type WebviewToHostMessage =
  | { type: 'ready'; restore?: SourceRef }
  | { type: 'token/reveal'; start: number; end: number }
  | { type: 'attention/request'; window: number; layer: AttentionLayerRef }
  | { type: 'positions/request'; method: ProjectionMethod }
  | { type: 'export'; format: 'json' | 'png' | 'svg'; view: string; data?: string };

type Check = (m: Record<string, unknown>) => boolean;

const isIndex = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const isSource = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.uri === 'string' && isIndex(r.start) && isIndex(r.end) && (r.end as number) >= (r.start as number) && typeof r.hash === 'string';
};

const WEBVIEW_MESSAGE_CHECKS: { [K in WebviewToHostMessage['type']]: Check } = {
  ready: (m) => m.restore === undefined || isSource(m.restore),
  'token/reveal': (m) => isIndex(m.start) && isIndex(m.end) && (m.end as number) >= (m.start as number),
  'attention/request': (m) => isIndex(m.window) && (isIndex(m.layer) || m.layer === 'rollout'),
  'positions/request': (m) => m.method === 'umap',
  export: (m) =>
    (m.format === 'json' || m.format === 'png' || m.format === 'svg') &&
    typeof m.view === 'string' &&
    (m.data === undefined || typeof m.data === 'string'),
};

/**
 * Validates a message received from the webview. Returns it typed, or
 * `undefined` for anything unknown or malformed (the host logs and ignores it).
 *
 * @example
 * const msg = parseWebviewMessage(raw);
 * if (!msg) { log.warn('ignored malformed message'); return; }
 */
export function parseWebviewMessage(raw: unknown): WebviewToHostMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.type !== 'string' || !Object.prototype.hasOwnProperty.call(WEBVIEW_MESSAGE_CHECKS, m.type)) {
    return undefined;
  }
  const check = WEBVIEW_MESSAGE_CHECKS[m.type as WebviewToHostMessage['type']];
  return check(m) ? (m as unknown as WebviewToHostMessage) : undefined;
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
