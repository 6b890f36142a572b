/**
 * Block quantization of tensors for the panel (src/protocol.ts `Quantized`):
 * each block gets its own min and step, so a head whose weights never exceed
 * 0.05 keeps its detail next to one that peaks at 1.
 */
import type { Quantized } from '../protocol';

/**
 * Quantizes `values` to `bits` per element in blocks of `block` elements.
 *
 * @example
 * const q = quantize(layerWeights, [heads, seq, seq], 16, seq * seq); // one scale per head
 * dequantizeAt(q, 5); // ≈ layerWeights[5], within q.scales[0] / 2
 */
export function quantize(values: ArrayLike<number>, dims: number[], bits: 8 | 16, block = values.length): Quantized {
  const n = values.length;
  const blocks = Math.max(1, Math.ceil(n / block));
  const levels = bits === 8 ? 255 : 65535;
  const data = bits === 8 ? new Uint8Array(n) : new Uint16Array(n);
  const offsets = new Float32Array(blocks);
  const scales = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const from = b * block;
    const to = Math.min(n, from + block);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) lo = hi = 0;
    const scale = hi > lo ? (hi - lo) / levels : 1;
    offsets[b] = lo;
    scales[b] = scale;
    for (let i = from; i < to; i++) data[i] = Math.round((values[i] - lo) / scale);
  }
  return { dims, data, block, offsets, scales };
}

/** The value of element `i`. */
export function dequantizeAt(q: Quantized, i: number): number {
  const b = Math.floor(i / q.block);
  return q.offsets[b] + q.data[i] * q.scales[b];
}

/** Elements `[from, to)` as floats (e.g. one head's matrix). */
export function dequantize(q: Quantized, from = 0, to = q.data.length): Float32Array {
  const out = new Float32Array(to - from);
  for (let i = from; i < to; i++) {
    const b = Math.floor(i / q.block);
    out[i - from] = q.offsets[b] + q.data[i] * q.scales[b];
  }
  return out;
}
