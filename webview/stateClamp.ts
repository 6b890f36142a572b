/** Keeps a saved UI state valid for a new result (a layer or window that no longer exists falls back to 0). */
import type { PanelResult } from '../src/protocol';
import type { UiState } from './state';

export function clampToResult(s: UiState, r: PanelResult): UiState {
  const att = r.attention ?? [];
  const window = s.attention.window < att.length ? s.attention.window : 0;
  const a = att[window];
  const layer = a && s.attention.layer < a.layers ? s.attention.layer : 0;
  const head = a && s.attention.head < a.heads ? s.attention.head : -1;
  const rows = r.positions?.rows ?? 0;
  const focus = s.focus && s.focus.tokenEnd <= r.tokens.length ? s.focus : undefined;
  return {
    ...s,
    focus,
    attention: { ...s.attention, window, layer, head },
    positions: { ...s.positions, selected: s.positions.selected < rows ? s.positions.selected : -1 },
  };
}
