/**
 * The matrix an attention view shows: one head's (or the heads' mean, or the
 * rollout's) `seq x seq` weights, at token or word level, with or without
 * [CLS]/[SEP]. Rows attend (queries), columns are attended to (keys). Used by
 * the head view (its lines) and the matrix view (its heatmap).
 */
import { mergeToWords, WordMergeStrategy } from '../../src/analysis/attention';
import type { AggregationStrategy, AttentionSummary, Quantized } from '../../src/protocol';
import { LUT_SIZE } from './colorScale';

export type Level = 'token' | 'word';

/** What of a window's summary the matrix needs. */
export type SequenceInfo = Pick<AttentionSummary, 'seq' | 'pieces' | 'tokenIndex' | 'wordGroups'>;

export interface MatrixOptions {
  level: Level;
  hideSpecials: boolean;
  /** How a word's pieces combine the attention they give (word level only). */
  merge: WordMergeStrategy;
}

export interface AttentionMatrix {
  /** Rows = columns. */
  n: number;
  /** `n x n`, row-major. */
  values: Float32Array;
  labels: string[];
  /** The sequence positions each row/column covers. */
  groups: number[][];
  /** The content-token range `[start, end)` of each row/column; `-1, -1` for a special token. */
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
}

/** The word-merge strategy that matches an NER aggregation strategy ('first' where the strategy has none). */
export function mergeFor(strategy: AggregationStrategy): WordMergeStrategy {
  return strategy === 'average' || strategy === 'max' ? strategy : 'first';
}

/** A piece as a reader writes it: no `##` continuation mark, no `Ġ`/`▁` space mark. */
export function pieceText(piece: string): string {
  return piece.replace(/^##/, '').replace(/^[Ġ▁]/, '');
}

/** One head's matrix from a layer's weights (`[heads][seq][seq]`), or the mean of all heads for `head` -1. */
export function layerHead(q: Quantized, seq: number, head: number): Float32Array {
  const size = seq * seq;
  const out = new Float32Array(size);
  if (head >= 0) {
    addBlocks(q, head * size, size, 1, out);
    return out;
  }
  const heads = q.dims[0];
  for (let h = 0; h < heads; h++) addBlocks(q, h * size, size, 1 / heads, out);
  return out;
}

/** `out[i] += w * q[from + i]`, a quantization block at a time (no division per element: this runs on 262,144 weights a head). */
function addBlocks(q: Quantized, from: number, length: number, w: number, out: Float32Array): void {
  const to = from + length;
  for (let at = from; at < to; ) {
    const b = Math.floor(at / q.block);
    const end = Math.min(to, (b + 1) * q.block);
    const off = q.offsets[b] * w;
    const scale = q.scales[b] * w;
    for (let i = at; i < end; i++) out[i - from] += off + q.data[i] * scale;
    at = end;
  }
}

const isSpecial = (info: SequenceInfo, group: number[]) => group.every((p) => info.tokenIndex[p] < 0);

/** The rows of a matrix without its values: the same for every head of a window, so built once. */
type Frame = Omit<AttentionMatrix, 'values'> & { keep?: number[]; levelSize: number };
const frames = new WeakMap<SequenceInfo, Map<string, Frame>>();

function matrixFrame(info: SequenceInfo, opts: MatrixOptions): Frame {
  const key = `${opts.level}:${opts.hideSpecials}`;
  let byKey = frames.get(info);
  if (!byKey) frames.set(info, (byKey = new Map()));
  const have = byKey.get(key);
  if (have) return have;
  const all = opts.level === 'word' ? info.wordGroups : Array.from({ length: info.seq }, (_, i) => [i]);
  const kept = opts.hideSpecials ? all.map((g, i) => (isSpecial(info, g) ? -1 : i)).filter((i) => i >= 0) : undefined;
  const keep = kept && kept.length < all.length ? kept : undefined;
  const groups = keep ? keep.map((i) => all[i]) : all;
  const n = groups.length;
  const tokenStart = new Int32Array(n);
  const tokenEnd = new Int32Array(n);
  groups.forEach((g, i) => {
    const tokens = g.map((p) => info.tokenIndex[p]).filter((t) => t >= 0);
    tokenStart[i] = tokens.length ? Math.min(...tokens) : -1;
    tokenEnd[i] = tokens.length ? Math.max(...tokens) + 1 : -1;
  });
  const labels = groups.map((g) => g.map((p, k) => (k === 0 ? pieceText(info.pieces[p]) : info.pieces[p].replace(/^##/, ''))).join(''));
  const frame: Frame = { n, labels, groups, tokenStart, tokenEnd, keep, levelSize: all.length };
  byKey.set(key, frame);
  return frame;
}

/** Builds the matrix shown from a full `seq x seq` matrix (which it may return as is, not copied). */
export function buildMatrix(full: Float32Array, info: SequenceInfo, opts: MatrixOptions): AttentionMatrix {
  const { keep, levelSize, ...frame } = matrixFrame(info, opts);
  let values = opts.level === 'word' ? mergeToWords(full, info.seq, info.wordGroups, opts.merge) : full;
  if (keep) values = select(values, levelSize, keep);
  return { ...frame, values };
}

/** Rows and columns `keep` of an `n x n` matrix. */
function select(m: Float32Array, n: number, keep: number[]): Float32Array {
  const k = keep.length;
  const out = new Float32Array(k * k);
  for (let r = 0; r < k; r++) {
    const from = keep[r] * n;
    for (let c = 0; c < k; c++) out[r * k + c] = m[from + keep[c]];
  }
  return out;
}

/** The rows/columns `[from, to)` that hold the focused content tokens, or `undefined` when none is in this matrix. */
export function focusBand(m: AttentionMatrix, focus: { tokenStart: number; tokenEnd: number } | undefined): { from: number; to: number } | undefined {
  if (!focus) return undefined;
  let from = -1;
  let to = -1;
  for (let i = 0; i < m.n; i++) {
    if (m.tokenStart[i] >= 0 && m.tokenStart[i] < focus.tokenEnd && m.tokenEnd[i] > focus.tokenStart) {
      if (from < 0) from = i;
      to = i + 1;
    }
  }
  return from < 0 ? undefined : { from, to };
}

/** The largest value of a matrix (at least a tiny positive number, to divide by). */
export function maxValue(values: Float32Array): number {
  let m = 1e-9;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** RGBA pixels of the matrix, one per cell, through a `LUT_SIZE`-entry colour table, on the scale `[0, vmax]`. */
export function matrixPixels(values: Float32Array, lut: Uint8ClampedArray, vmax: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(values.length * 4);
  const k = (LUT_SIZE - 1) / vmax;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const b = v <= 0 ? 0 : v >= vmax ? LUT_SIZE - 1 : Math.round(v * k);
    const o = i * 4;
    const l = b * 4;
    px[o] = lut[l];
    px[o + 1] = lut[l + 1];
    px[o + 2] = lut[l + 2];
    px[o + 3] = lut[l + 3];
  }
  return px;
}

/** What the matrix is of, for titles, labels and file contents. */
export interface MatrixSubject {
  layer: number;
  /** -1: the mean of all heads. */
  head: number;
  rollout: boolean;
  layers: number;
}

export function subjectText(s: MatrixSubject): string {
  if (s.rollout) return `Attention rollout across ${s.layers} layers`;
  return s.head < 0 ? `Attention of layer ${s.layer}, mean of all heads` : `Attention of layer ${s.layer}, head ${s.head}`;
}

/** The canvas's accessible name, e.g. "Attention of layer 2, head 3: 14 tokens". */
export function matrixAriaLabel(s: MatrixSubject, m: AttentionMatrix, level: Level): string {
  return `${subjectText(s)}: ${m.n} ${level === 'word' ? 'words' : 'tokens'}. Rows attend to columns. Arrow keys move a cell cursor.`;
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The JSON export of the matrix: labels and weights rounded to 4 decimals. */
export function matrixJson(s: MatrixSubject, m: AttentionMatrix, level: Level, window: number): object {
  const weights: number[][] = [];
  for (let r = 0; r < m.n; r++) weights.push(Array.from(m.values.subarray(r * m.n, (r + 1) * m.n), round4));
  return { title: subjectText(s), window, layer: s.rollout ? null : s.layer, head: s.rollout || s.head < 0 ? null : s.head, rollout: s.rollout, level, rows: m.labels, columns: m.labels, weights };
}

/** One line of a cell's tooltip: "from → to: 0.1234". */
export function cellText(m: AttentionMatrix, row: number, col: number): string {
  return `${m.labels[row]} → ${m.labels[col]}: ${m.values[row * m.n + col].toFixed(4)}`;
}
