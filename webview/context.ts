/**
 * What every view is given: the UI state store, the host, and caches of the
 * data the panel fetches lazily (attention layers, UMAP projection).
 */
import type { AttentionLayerRef, PanelResult, ProjectionMethod, Quantized, SourceRef, WebviewToHostMessage } from '../src/protocol';
import type { Store, UiState } from './state';

/** The analysis the panel shows. */
export interface PanelData {
  result: PanelResult;
  text: string;
  source?: SourceRef;
}

export type ExportFormat = 'png' | 'svg' | 'json';

export interface ExportOption {
  format: ExportFormat;
  /** Returns the file's content: a data: URL for PNG, text for SVG and JSON. */
  make(): Promise<string> | string;
}

/** One tab of the panel. */
export interface View {
  readonly element: HTMLElement;
  /** A new analysis arrived (also the first one). */
  show(data: PanelData): void;
  /** The tab became visible: canvases can measure their size now. */
  activate?(): void;
  /** What this view can be exported as, in its current state. */
  exports(): ExportOption[];
}

export interface ViewContext {
  readonly store: Store<UiState>;
  post(message: WebviewToHostMessage): void;
  /** Selects `[start, end)` of the analysed text in the editor. */
  reveal(start: number, end: number): void;
  readonly attention: LayerCache;
  readonly projections: ProjectionCache;
}

const key = (window: number, layer: AttentionLayerRef) => `${window}:${layer}`;

/**
 * Attention layers fetched from the host. A layer is requested once; later
 * calls share the pending promise. The cache holds at most `capacity` layers
 * (a bert-base layer at 512 tokens is 6.3 MB), least recently used first out.
 */
export class LayerCache {
  private readonly layers = new Map<string, Quantized>();
  private readonly pending = new Map<string, { promise: Promise<Quantized>; resolve(q: Quantized): void }>();

  constructor(
    private readonly post: (m: WebviewToHostMessage) => void,
    private readonly capacity = 16,
  ) {}

  get(window: number, layer: AttentionLayerRef): Quantized | undefined {
    const k = key(window, layer);
    const q = this.layers.get(k);
    if (q) {
      this.layers.delete(k);
      this.layers.set(k, q);
    }
    return q;
  }

  request(window: number, layer: AttentionLayerRef): Promise<Quantized> {
    const have = this.get(window, layer);
    if (have) return Promise.resolve(have);
    const k = key(window, layer);
    const p = this.pending.get(k);
    if (p) return p.promise;
    let resolve!: (q: Quantized) => void;
    const promise = new Promise<Quantized>((r) => (resolve = r));
    this.pending.set(k, { promise, resolve });
    this.post({ type: 'attention/request', window, layer });
    return promise;
  }

  /** The host answered. */
  receive(window: number, layer: AttentionLayerRef, weights: Quantized): void {
    const k = key(window, layer);
    this.layers.set(k, weights);
    while (this.layers.size > this.capacity) this.layers.delete(this.layers.keys().next().value as string);
    const p = this.pending.get(k);
    this.pending.delete(k);
    p?.resolve(weights);
  }

  /** A new analysis: old layers belong to another result. Pending requests stay pending (their views were replaced). */
  clear(): void {
    this.layers.clear();
    this.pending.clear();
  }
}

/** Projections computed by the host on request (UMAP of the position embeddings). */
export class ProjectionCache {
  private readonly done = new Map<ProjectionMethod, Float32Array>();
  private readonly pending = new Map<ProjectionMethod, { promise: Promise<Float32Array>; resolve(p: Float32Array): void; reject(e: Error): void }>();

  constructor(private readonly post: (m: WebviewToHostMessage) => void) {}

  get(method: ProjectionMethod): Float32Array | undefined {
    return this.done.get(method);
  }

  request(method: ProjectionMethod): Promise<Float32Array> {
    const have = this.done.get(method);
    if (have) return Promise.resolve(have);
    const p = this.pending.get(method);
    if (p) return p.promise;
    let resolve!: (p: Float32Array) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<Float32Array>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.pending.set(method, { promise, resolve, reject });
    this.post({ type: 'positions/request', method });
    return promise;
  }

  receive(method: ProjectionMethod, points?: Float32Array, error?: string): void {
    const p = this.pending.get(method);
    this.pending.delete(method);
    if (points) {
      this.done.set(method, points);
      p?.resolve(points);
    } else {
      p?.reject(new Error(error ?? 'the projection failed'));
    }
  }

  clear(): void {
    this.done.clear();
    this.pending.clear();
  }
}
