/**
 * Position-embedding analysis: pairwise cosine similarity, the sinusoidal
 * table of Vaswani et al. for comparison, and per-token vector parts.
 */
import { Matrix } from '../model/initializers';

/** L2 norm of `v[offset .. offset + n)`. */
export function norm(v: ArrayLike<number>, offset = 0, n = v.length - offset): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[offset + i] * v[offset + i];
  return Math.sqrt(s);
}

/** Cosine of two equal-length vectors; 0 when either is all zeros. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>, aOffset = 0, bOffset = 0, n = a.length - aOffset): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[aOffset + i];
    const y = b[bOffset + i];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** `rows x rows` cosine similarities between the rows of `m` (symmetric, 1 on the diagonal). */
export function cosineSimilarity(m: Matrix): Float32Array {
  const { rows, cols, data } = m;
  const unit = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const n = norm(data, r * cols, cols);
    for (let c = 0; c < cols; c++) unit[r * cols + c] = n === 0 ? 0 : data[r * cols + c] / n;
  }
  const out = new Float32Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < rows; j++) {
      let dot = 0;
      const a = i * cols;
      const b = j * cols;
      for (let c = 0; c < cols; c++) dot += unit[a + c] * unit[b + c];
      out[i * rows + j] = dot;
      out[j * rows + i] = dot;
    }
  }
  return out;
}

/**
 * The fixed sinusoidal position table of "Attention Is All You Need":
 * PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)).
 */
export function sinusoidalTable(rows: number, cols: number): Matrix {
  const data = new Float32Array(rows * cols);
  for (let p = 0; p < rows; p++) {
    for (let i = 0; i < cols; i += 2) {
      const angle = p / Math.pow(10000, i / cols);
      data[p * cols + i] = Math.sin(angle);
      if (i + 1 < cols) data[p * cols + i + 1] = Math.cos(angle);
    }
  }
  return { rows, cols, data };
}
