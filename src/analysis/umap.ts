/**
 * UMAP projection of embedding rows (umap-js), for the Positions tab. PCA
 * shows the few directions of largest variance; UMAP keeps neighbourhoods,
 * which is what the question "are nearby positions similar?" asks about.
 */
import { UMAP } from 'umap-js';

export interface UmapOptions {
  /** Seed of the PRNG umap-js draws from: the same seed gives the same layout. */
  seed?: number;
  /** Neighbours per point (umap-js default 15); capped at `rows - 1`. */
  nNeighbors?: number;
}

/** A small, fast seeded PRNG (mulberry32): umap-js otherwise draws from Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1 - cosine; position vectors differ more in direction than in length. */
function cosineDistance(x: number[], y: number[]): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    dot += x[i] * y[i];
    nx += x[i] * x[i];
    ny += y[i] * y[i];
  }
  return nx === 0 || ny === 0 ? 1 : 1 - dot / Math.sqrt(nx * ny);
}

/** Epochs between yields: about 50 ms of work at 512 positions. */
const EPOCHS_PER_TURN = 20;

/**
 * 2-D UMAP of the rows of a `rows x cols` row-major matrix, `rows x 2`
 * row-major. Deterministic for a given seed. The optimisation yields to the
 * event loop every few epochs (512 positions take about 2 s), so the
 * extension host keeps answering while it runs.
 *
 * @example
 * const m = model.positionMatrix();
 * const xy = await umapProjection(m.data, m.rows, m.cols, { seed: 42 });
 * xy[2 * p]; xy[2 * p + 1]; // position p
 */
export async function umapProjection(data: Float32Array, rows: number, cols: number, options: UmapOptions = {}): Promise<Float32Array> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 1) throw new RangeError(`umapProjection needs whole rows >= 0 and cols >= 1, got ${rows} x ${cols}`);
  if (data.length !== rows * cols) throw new RangeError(`umapProjection got ${data.length} values for ${rows} x ${cols} = ${rows * cols}`);
  const out = new Float32Array(rows * 2);
  // UMAP needs a neighbourhood; with one or two points a line says as much.
  if (rows < 3) {
    for (let r = 0; r < rows; r++) out[r * 2] = r;
    return out;
  }
  const vectors: number[][] = [];
  for (let r = 0; r < rows; r++) vectors.push(Array.from(data.subarray(r * cols, (r + 1) * cols)));
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.max(2, Math.min(options.nNeighbors ?? 15, rows - 1)),
    distanceFn: cosineDistance,
    random: mulberry32(options.seed ?? 42),
  });
  const epochs = umap.initializeFit(vectors);
  for (let e = 0; e < epochs; e++) {
    umap.step();
    if (e % EPOCHS_PER_TURN === EPOCHS_PER_TURN - 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const embedding = umap.getEmbedding();
  for (let r = 0; r < rows; r++) {
    out[r * 2] = embedding[r][0];
    out[r * 2 + 1] = embedding[r][1];
  }
  return out;
}
