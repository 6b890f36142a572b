/**
 * Attention post-processing: word-level merge and rollout. Matrices are
 * row-major `seq x seq` Float32Arrays, row = the attending token (query),
 * column = the token attended to (key).
 */

/** Strategies for merging sub-word rows, matching the NER word strategies. */
export type WordMergeStrategy = 'first' | 'average' | 'max';

/** One `[layers][heads][seq][seq]` block's head matrix (a view, no copy). */
export function headMatrix(data: Float32Array, seq: number, heads: number, layer: number, head: number): Float32Array {
  const size = seq * seq;
  const at = (layer * heads + head) * size;
  return data.subarray(at, at + size);
}

/**
 * Groups sequence positions into words: consecutive positions with the same
 * word id form one group; special tokens (word -1) stand alone.
 */
export function wordGroups(words: ArrayLike<number>): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const last = groups[groups.length - 1];
    if (w >= 0 && last && words[last[0]] === w) last.push(i);
    else groups.push([i]);
  }
  return groups;
}

/**
 * Merges a token-level attention matrix to words (Clark et al. 2019): the
 * attention a word receives is the sum over its pieces (so rows still sum to
 * 1), and the attention a word gives combines its pieces' rows by `strategy`
 * (first piece, mean, or element-wise max; max rows may sum to more than 1).
 */
export function mergeToWords(m: Float32Array, seq: number, groups: number[][], strategy: WordMergeStrategy): Float32Array {
  const w = groups.length;
  // Columns first: seq x w, summing the pieces of each word.
  const cols = new Float32Array(seq * w);
  for (let r = 0; r < seq; r++) {
    for (let g = 0; g < w; g++) {
      let s = 0;
      for (const c of groups[g]) s += m[r * seq + c];
      cols[r * w + g] = s;
    }
  }
  const out = new Float32Array(w * w);
  for (let g = 0; g < w; g++) {
    const rows = strategy === 'first' ? [groups[g][0]] : groups[g];
    for (let k = 0; k < w; k++) {
      let v = strategy === 'max' ? -Infinity : 0;
      for (const r of rows) {
        const x = cols[r * w + k];
        v = strategy === 'max' ? Math.max(v, x) : v + x;
      }
      out[g * w + k] = strategy === 'average' ? v / rows.length : v;
    }
  }
  return out;
}

/**
 * Attention rollout (Abnar & Zuidema 2020): per layer, the head-averaged
 * attention plus the residual connection (0.5 A + 0.5 I), rows renormalised,
 * multiplied from the first layer up. Row i of the result is how much each
 * input token flows into position i at the last layer.
 */
export function attentionRollout(data: Float32Array, layers: number, heads: number, seq: number): Float32Array {
  let out = identity(seq);
  for (const step of rolloutSteps(data, layers, heads, seq)) out = step;
  return out;
}

/**
 * The same rollout, one layer at a time: the extension host awaits between
 * layers (a bert-base window of 512 tokens is 12 x 134 million multiply-adds),
 * so other work is not held up for seconds.
 */
export async function attentionRolloutAsync(data: Float32Array, layers: number, heads: number, seq: number, yieldTo: () => Promise<void>): Promise<Float32Array> {
  let out = identity(seq);
  for (const step of rolloutSteps(data, layers, heads, seq)) {
    out = step;
    await yieldTo();
  }
  return out;
}

/** Yields the rollout after each layer (the last value is the result). */
function* rolloutSteps(data: Float32Array, layers: number, heads: number, seq: number): Generator<Float32Array> {
  let rollout = identity(seq);
  const a = new Float32Array(seq * seq);
  for (let l = 0; l < layers; l++) {
    a.fill(0);
    for (let h = 0; h < heads; h++) {
      const m = headMatrix(data, seq, heads, l, h);
      for (let i = 0; i < m.length; i++) a[i] += m[i] / heads;
    }
    for (let r = 0; r < seq; r++) {
      let sum = 0;
      for (let c = 0; c < seq; c++) {
        const v = 0.5 * a[r * seq + c] + (r === c ? 0.5 : 0);
        a[r * seq + c] = v;
        sum += v;
      }
      for (let c = 0; c < seq; c++) a[r * seq + c] /= sum;
    }
    rollout = matmul(a, rollout, seq);
    yield rollout;
  }
}

function identity(n: number): Float32Array {
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** `a x b` for square row-major matrices (i-k-j order for cache locality). */
function matmul(a: Float32Array, b: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const x = a[i * n + k];
      if (x === 0) continue;
      const bRow = k * n;
      const oRow = i * n;
      for (let j = 0; j < n; j++) out[oRow + j] += x * b[bRow + j];
    }
  }
  return out;
}
