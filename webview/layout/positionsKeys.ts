/**
 * Keyboard of the projection chart. Arrow keys step the selected position in
 * the flat views; in 3-D they rotate, and Shift+←/→ step the selection.
 * PageUp/PageDown jump 10 positions, Home/End go to the ends, Escape clears.
 */
import type { PositionsState } from '../state';
import { keyRotation } from './positionsRotate';

export interface KeyInput {
  key: string;
  shift: boolean;
}

/** Selection after moving `by` positions from `selected` (-1: start from the first or last). */
export function stepSelection(selected: number, by: number, rows: number): number {
  if (rows <= 0) return -1;
  if (selected < 0 || selected >= rows) return by >= 0 ? 0 : rows - 1;
  return Math.min(rows - 1, Math.max(0, selected + by));
}

/** The state change a key asks for, or undefined when the key is not ours (let it through). */
export function positionsKey(input: KeyInput, s: PositionsState, rows: number): Partial<PositionsState> | undefined {
  const { key, shift } = input;
  const rotating = s.projection === 'pca3d' && !shift;
  if (rotating) {
    const r = keyRotation(key, s.yaw, s.pitch);
    if (r) return r;
  }
  const big = shift && s.projection !== 'pca3d' ? 10 : 1;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return { selected: stepSelection(s.selected, big, rows) };
    case 'ArrowLeft':
    case 'ArrowDown':
      return { selected: stepSelection(s.selected, -big, rows) };
    case 'PageUp':
      return { selected: stepSelection(s.selected, 10, rows) };
    case 'PageDown':
      return { selected: stepSelection(s.selected, -10, rows) };
    case 'Home':
      return rows > 0 ? { selected: 0 } : undefined;
    case 'End':
      return rows > 0 ? { selected: rows - 1 } : undefined;
    case 'Escape':
      return s.selected >= 0 ? { selected: -1 } : undefined;
    default:
      return undefined;
  }
}

/** The key help shown under the chart for the current projection. */
export function keyHelp(projection: PositionsState['projection']): string {
  return projection === 'pca3d'
    ? 'Drag or arrow keys: rotate · Shift+←/→: previous/next position · PageUp/PageDown: ±10 · Home/End · Esc: clear'
    : 'Arrow keys: previous/next position (Shift: ±10) · Home/End · Esc: clear';
}
