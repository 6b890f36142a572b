/**
 * The panel's UI state: which tab, layer, head, strategy, zoom. Kept in one
 * store; every change is saved with VS Code's setState, so it survives the
 * panel being hidden or the window being reloaded.
 */
import type { AggregationStrategy, SourceRef } from '../src/protocol';

export const TABS = ['entities', 'attention', 'positions', 'model'] as const;
export type Tab = (typeof TABS)[number];

export type AttentionMode = 'head' | 'model' | 'matrix';

export interface Zoom {
  k: number;
  x: number;
  y: number;
}

export interface AttentionState {
  mode: AttentionMode;
  window: number;
  layer: number;
  /** A head index, or -1 for all heads overlaid (head view). */
  head: number;
  level: 'token' | 'word';
  hideSpecials: boolean;
  /** The matrix view shows the rollout across layers instead of one head. */
  rollout: boolean;
  zoom: Zoom;
}

export type ProjectionView = 'pca2d' | 'pca3d' | 'umap';

export interface PositionsState {
  projection: ProjectionView;
  /** Rotation of the 3D PCA, radians. */
  yaw: number;
  pitch: number;
  /** Position index under the pointer or keyboard focus, -1 for none. */
  selected: number;
}

/** A content-token range `[start, end)` chosen in the Entities view, shown in the Attention view. */
export interface Focus {
  tokenStart: number;
  tokenEnd: number;
}

export interface UiState {
  tab: Tab;
  /** Undefined: the strategy the analysis ran with. */
  strategy?: AggregationStrategy;
  attention: AttentionState;
  positions: PositionsState;
  focus?: Focus;
  /** Where the shown analysis came from, to ask for it again after a reload. */
  source?: SourceRef;
}

export function defaultState(): UiState {
  return {
    tab: 'entities',
    attention: { mode: 'head', window: 0, layer: 0, head: -1, level: 'token', hideSpecials: false, rollout: false, zoom: { k: 1, x: 0, y: 0 } },
    positions: { projection: 'pca2d', yaw: 0.6, pitch: 0.4, selected: -1 },
  };
}

/** Saved state merged over the defaults, so a state saved by an older version still loads. */
export function restoreState(saved: unknown): UiState {
  const d = defaultState();
  if (typeof saved !== 'object' || saved === null) return d;
  const s = saved as Partial<UiState>;
  return {
    ...d,
    ...s,
    tab: TABS.includes(s.tab as Tab) ? (s.tab as Tab) : d.tab,
    attention: { ...d.attention, ...(s.attention ?? {}) },
    positions: { ...d.positions, ...(s.positions ?? {}) },
  };
}

type Listener<T> = (state: T, previous: T) => void;

/** A tiny observable store: `update` merges a patch and notifies subscribers synchronously. */
export class Store<T extends object> {
  private listeners: Listener<T>[] = [];

  constructor(
    private state: T,
    private readonly persist: (state: T) => void = () => undefined,
  ) {}

  get(): T {
    return this.state;
  }

  update(patch: Partial<T>): void {
    const previous = this.state;
    this.state = { ...previous, ...patch };
    this.persist(this.state);
    for (const l of this.listeners) l(this.state, previous);
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}
