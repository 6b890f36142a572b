/**
 * Per-token decomposition of the input embedding: stacked bars of the norms
 * of each token's word, position and token-type vectors, and below them the
 * three cosines between those vectors on a [-1, 1] strip.
 */
import { scaleLinear } from 'd3-scale';
import type { TokenEmbeddingParts } from '../../src/protocol';

export const PARTS = ['word', 'position', 'type'] as const;
export type Part = (typeof PARTS)[number];

export const COSINES = ['cosWordPosition', 'cosWordType', 'cosPositionType'] as const;
export type CosineKind = (typeof COSINES)[number];

export const PART_LABEL: Record<Part, string> = { word: 'word', position: 'position', type: 'token type' };
export const COSINE_LABEL: Record<CosineKind, string> = { cosWordPosition: 'cos(word, position)', cosWordType: 'cos(word, type)', cosPositionType: 'cos(position, type)' };

export interface Segment {
  part: Part;
  value: number;
  y: number;
  height: number;
}

export interface Bar {
  token: number;
  positionId: number;
  /** The piece cut to fit under the bar; `piece` is the whole one. */
  label: string;
  piece: string;
  /** Centre of the bar. */
  x: number;
  segments: Segment[];
  cosines: { kind: CosineKind; value: number; y: number }[];
}

export interface Tick {
  value: number;
  y: number;
}

export interface BarsLayout {
  width: number;
  height: number;
  barWidth: number;
  left: number;
  right: number;
  /** Norm panel: from `normTop` down to the baseline `normBottom`. */
  normTop: number;
  normBottom: number;
  normTicks: Tick[];
  cosTop: number;
  cosBottom: number;
  cosTicks: Tick[];
  /** Baseline of the rotated token labels. */
  labelY: number;
  bars: Bar[];
  /** One polyline per cosine through the bars' centres, as SVG path data. */
  cosPaths: Record<CosineKind, string>;
}

export interface BarsOptions {
  step: number;
  barWidth: number;
  left: number;
  right: number;
  top: number;
  normHeight: number;
  gap: number;
  cosHeight: number;
  labelHeight: number;
  maxLabel: number;
}

export const BARS_DEFAULTS: BarsOptions = { step: 20, barWidth: 13, left: 48, right: 12, top: 10, normHeight: 150, gap: 18, cosHeight: 64, labelHeight: 64, maxLabel: 10 };

/** `piece` cut to `max` characters with an ellipsis. */
export function shortLabel(piece: string, max: number): string {
  const chars = Array.from(piece);
  return chars.length <= max ? piece : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

const round = (v: number) => Math.round(v * 100) / 100;

export function barsLayout(tokens: readonly TokenEmbeddingParts[], pieces: readonly string[], options: Partial<BarsOptions> = {}): BarsLayout {
  const o = { ...BARS_DEFAULTS, ...options };
  const normTop = o.top;
  const normBottom = normTop + o.normHeight;
  const cosTop = normBottom + o.gap;
  const cosBottom = cosTop + o.cosHeight;
  const labelY = cosBottom + 8;
  let max = 0;
  for (const t of tokens) max = Math.max(max, t.wordNorm + t.positionNorm + t.typeNorm);
  const normY = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice(4)
    .range([normBottom, normTop]);
  const cosY = scaleLinear().domain([-1, 1]).range([cosBottom, cosTop]);
  const bars: Bar[] = tokens.map((t, k) => {
    const x = o.left + o.step * k + o.step / 2;
    let base = 0;
    const segments = PARTS.map((part) => {
      const value = part === 'word' ? t.wordNorm : part === 'position' ? t.positionNorm : t.typeNorm;
      const y0 = normY(base);
      base += value;
      const y1 = normY(base);
      return { part, value, y: round(y1), height: round(y0 - y1) };
    });
    const piece = pieces[t.token] ?? String(t.token);
    return {
      token: t.token,
      positionId: t.positionId,
      label: shortLabel(piece, o.maxLabel),
      piece,
      x,
      segments,
      cosines: COSINES.map((kind) => ({ kind, value: t[kind], y: round(cosY(clamp1(t[kind]))) })),
    };
  });
  const cosPaths = Object.fromEntries(COSINES.map((kind) => [kind, bars.map((b, k) => `${k === 0 ? 'M' : 'L'}${round(b.x)},${b.cosines.find((c) => c.kind === kind)!.y}`).join('')])) as Record<CosineKind, string>;
  return {
    width: o.left + o.step * tokens.length + o.right,
    height: labelY + o.labelHeight,
    barWidth: o.barWidth,
    left: o.left,
    right: o.right,
    normTop,
    normBottom,
    normTicks: normY.ticks(4).map((value) => ({ value, y: round(normY(value)) })),
    cosTop,
    cosBottom,
    cosTicks: [-1, 0, 1].map((value) => ({ value, y: round(cosY(value)) })),
    labelY,
    bars,
    cosPaths,
  };
}

function clamp1(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(-1, v)) : 0;
}

/** One line per token for screen readers and tooltips. */
export function barDescription(t: TokenEmbeddingParts, piece: string): string {
  const f = (v: number) => v.toFixed(3);
  return `${piece} (position ${t.positionId}): |word| ${f(t.wordNorm)}, |position| ${f(t.positionNorm)}, |type| ${f(t.typeNorm)}; cos(word, position) ${f(t.cosWordPosition)}, cos(word, type) ${f(t.cosWordType)}, cos(position, type) ${f(t.cosPositionType)}`;
}
