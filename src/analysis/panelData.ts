/**
 * Turns an analysis into what the panel is sent: everything but the heavy
 * tensors as is, attention as per-window summaries with 8-bit thumbnails
 * (its weights are sent one layer at a time, 16-bit, when the panel asks),
 * and the position-similarity maps as 8-bit pictures. A bert-base window of
 * 512 tokens is 151 MB of float32 attention; its summary is under 1 MB and a
 * layer 6.3 MB.
 */
import type { AnalysisResult, AttentionLayerRef, AttentionSummary, PanelResult, Quantized, WindowAttention } from '../protocol';
import { attentionRolloutAsync } from './attention';
import { quantize } from './quantize';

/** Largest side of a model-view thumbnail. */
export const THUMB_SIZE = 48;

export function panelResult(result: AnalysisResult): PanelResult {
  const { attention, positions, ...rest } = result;
  const out: PanelResult = { ...rest };
  if (attention) out.attention = attention.map(attentionSummary);
  if (positions) {
    const r = positions.rows;
    out.positions = {
      ...positions,
      similarity: quantize(positions.similarity, [r, r], 8),
      sinusoidalSimilarity: quantize(positions.sinusoidalSimilarity, [r, r], 8),
    };
  }
  return out;
}

export function attentionSummary(a: WindowAttention): AttentionSummary {
  const t = Math.min(THUMB_SIZE, a.seq);
  const size = a.seq * a.seq;
  const thumbs = new Float32Array(a.layers * a.heads * t * t);
  for (let m = 0; m < a.layers * a.heads; m++) pool(a.data, m * size, a.seq, t, thumbs, m * t * t);
  return {
    window: a.window,
    layers: a.layers,
    heads: a.heads,
    seq: a.seq,
    tokenIndex: a.tokenIndex,
    pieces: a.pieces,
    wordGroups: a.wordGroups,
    thumbs: quantize(thumbs, [a.layers, a.heads, t, t], 8, t * t),
    thumbSize: t,
  };
}

/** Mean-pools a `seq x seq` matrix into `t x t` cells (cell edges at floor(i * seq / t)). */
function pool(src: Float32Array, at: number, seq: number, t: number, out: Float32Array, outAt: number): void {
  const edge = (i: number) => Math.floor((i * seq) / t);
  for (let r = 0; r < t; r++) {
    const r0 = edge(r);
    const r1 = edge(r + 1);
    for (let c = 0; c < t; c++) {
      const c0 = edge(c);
      const c1 = edge(c + 1);
      let s = 0;
      for (let i = r0; i < r1; i++) for (let j = c0; j < c1; j++) s += src[at + i * seq + j];
      out[outAt + r * t + c] = s / ((r1 - r0) * (c1 - c0));
    }
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One layer's weights for the panel, `[heads][seq][seq]` at 16 bits with one
 * scale per head; or the rollout (`[1][seq][seq]`), computed on first request
 * (yielding between layers) and kept on the window.
 */
export async function attentionLayer(a: WindowAttention, layer: AttentionLayerRef): Promise<Quantized> {
  const size = a.seq * a.seq;
  if (layer === 'rollout') {
    a.rollout ??= await attentionRolloutAsync(a.data, a.layers, a.heads, a.seq, nextTurn);
    return quantize(a.rollout, [1, a.seq, a.seq], 16, size);
  }
  if (!Number.isInteger(layer) || layer < 0 || layer >= a.layers) throw new RangeError(`layer ${layer} is not in 0..${a.layers - 1}`);
  const data = a.data.subarray(layer * a.heads * size, (layer + 1) * a.heads * size);
  return quantize(data, [a.heads, a.seq, a.seq], 16, size);
}
