/** Words for the Positions tab: tooltips, the selected position's details, and chart labels for screen readers. */
import type { PanelPositions } from '../../src/protocol';
import type { ProjectionView } from '../state';
import { nearestPositions, pcTitle } from './positionsScatter';

type Positions = Pick<PanelPositions, 'rows' | 'offset' | 'used' | 'tokens' | 'similarity' | 'explainedVariance'>;

export interface PositionDescription {
  /** Tooltip lines. */
  lines: string[];
  /** Which tokens of this input sit at the position, or why none does. */
  usage: string;
  nearest: { index: number; similarity: number; used: boolean }[];
}

/** Ranges of sorted integers: [2, 3, 4, 9] -> "2–4, 9". */
export function ranges(sorted: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** "This input uses positions 2–24." (or the bare ranges with `short`). */
export function usedBy(p: Pick<PanelPositions, 'used'>, short = false): string {
  const r = ranges(p.used);
  if (short) return r || 'none';
  return p.used.length ? `This input uses position${p.used.length === 1 ? '' : 's'} ${r}.` : 'This input uses no positions.';
}

const quote = (s: string) => `“${s}”`;

export function describePosition(index: number, p: Positions, pieces: readonly string[]): PositionDescription {
  const at = p.tokens.filter((t) => t.positionId === index).map((t) => pieces[t.token] ?? `#${t.token}`);
  const shown = at.slice(0, 4).map(quote).join(', ') + (at.length > 4 ? ` and ${at.length - 4} more` : '');
  const usage = at.length ? `Used by ${shown}.` : index < p.offset ? `Before this model's first position id (${p.offset}): never used by text.` : 'Not used by this input.';
  const used = new Set(p.used);
  const nearest = nearestPositions(p.similarity, index, 5).map((n) => ({ ...n, used: used.has(n.index) }));
  const lines = [`Position ${index}${at.length ? ` · ${shown}` : ''}`, `Nearest: ${nearest.map((n) => `${n.index} (${n.similarity.toFixed(2)})`).join(', ')}`];
  return { lines, usage, nearest };
}

const NAMES: Record<ProjectionView, string> = { pca2d: 'PCA 2D', pca3d: 'PCA 3D', umap: 'UMAP 2D' };

/** The projection chart's aria-label. */
export function describeScatter(view: ProjectionView, p: Positions, selected: number, status: 'ready' | 'loading' | 'error'): string {
  const what = `${NAMES[view]} projection of ${p.rows} position embeddings, coloured by position index; ${p.used.length} used by this input (${ranges(p.used) || 'none'}) are ringed.`;
  const axes = view === 'umap' ? '' : ` Axes: ${[1, 2, ...(view === 'pca3d' ? [3] : [])].map((n) => pcTitle(n, p.explainedVariance)).join(', ')}.`;
  const state = status === 'loading' ? ' UMAP is being computed.' : status === 'error' ? ' UMAP failed.' : '';
  const sel = selected >= 0 ? ` Selected position ${selected}.` : '';
  return `${what}${axes}${state}${sel}`;
}
