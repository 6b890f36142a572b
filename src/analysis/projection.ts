/**
 * PCA projections of embedding rows, via ml-pca (SVD of the centred matrix).
 */
import { PCA } from 'ml-pca';
import { Matrix } from '../model/initializers';

export interface Projection {
  /** `rows x 2` and `rows x 3`, row-major. */
  pca2d: Float32Array;
  pca3d: Float32Array;
  /** Fraction of the total variance explained by each of the first three components. */
  explainedVariance: number[];
}

export function projectPca(m: Matrix): Projection {
  const rows: number[][] = [];
  for (let r = 0; r < m.rows; r++) rows.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  const pca = new PCA(rows, { center: true, scale: false });
  const k = Math.min(3, m.cols, m.rows);
  const projected = pca.predict(rows, { nComponents: k }).to2DArray();
  const pca2d = new Float32Array(m.rows * 2);
  const pca3d = new Float32Array(m.rows * 3);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < 3; c++) {
      const v = c < k ? projected[r][c] : 0;
      pca3d[r * 3 + c] = v;
      if (c < 2) pca2d[r * 2 + c] = v;
    }
  }
  const explainedVariance = pca.getExplainedVariance().slice(0, 3);
  return { pca2d, pca3d, explainedVariance };
}
