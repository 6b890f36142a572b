/**
 * From logits to per-token probabilities and labels.
 */
import { LabelScore } from '../protocol';

/** Numerically stable softmax of `logits[offset .. offset + n)` into `out[outOffset ..]`. */
export function softmaxInto(logits: ArrayLike<number>, offset: number, n: number, out: Float32Array, outOffset: number): void {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, logits[offset + j]);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const e = Math.exp(logits[offset + j] - max);
    out[outOffset + j] = e;
    sum += e;
  }
  for (let j = 0; j < n; j++) out[outOffset + j] /= sum;
}

/** Index of the largest value; the first one on ties (as numpy's argmax). */
export function argmax(v: ArrayLike<number>, offset = 0, n = v.length - offset): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (v[offset + j] > v[offset + best]) best = j;
  return best;
}

/**
 * The `k` most probable labels, best first (ties keep label order). Insertion
 * into a k-long list: this runs for every token, and k is small.
 */
export function topK(probs: ArrayLike<number>, offset: number, labels: readonly string[], k: number): LabelScore[] {
  const n = Math.max(1, Math.min(k, labels.length));
  const best: number[] = [];
  for (let j = 0; j < labels.length; j++) {
    const p = probs[offset + j];
    if (best.length === n && p <= probs[offset + best[n - 1]]) continue;
    let at = best.length < n ? best.length : n - 1;
    while (at > 0 && probs[offset + best[at - 1]] < p) at--;
    if (best.length === n) best.pop();
    best.splice(at, 0, j);
  }
  return best.map((j) => ({ label: labels[j], score: probs[offset + j] }));
}
