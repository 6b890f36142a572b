/**
 * Layout of the Entities view: the analysed text cut into plain runs and
 * entity chips, the token strip with window boundaries, and spans
 * re-aggregated for another strategy from the per-token probabilities (no
 * model run). Pure: no DOM.
 */
import { aggregate, splitTag } from '../../src/ner/aggregate';
import type { AggregationStrategy, EntitySpan, PanelResult, TokenResult, WindowInfo } from '../../src/protocol';

/** Entity types with a contributed theme colour; others draw as OTHER. */
export const KNOWN_TYPES = ['PER', 'LOC', 'ORG', 'MISC'] as const;

export function entityType(label: string): string {
  const t = splitTag(label).type;
  return (KNOWN_TYPES as readonly string[]).includes(t) ? t : t === 'O' ? 'O' : 'OTHER';
}

export type TextRun = { kind: 'text'; start: number; end: number } | { kind: 'entity'; start: number; end: number; span: number; type: string; label: string; score: number };

/** Cuts `[0, length)` into runs: text between spans, and one run per span (spans are ordered, non-overlapping). */
export function layoutText(length: number, spans: readonly EntitySpan[]): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  spans.forEach((s, i) => {
    if (s.start < at || s.end > length) return; // never draw a span on characters it does not own
    if (s.start > at) runs.push({ kind: 'text', start: at, end: s.start });
    runs.push({ kind: 'entity', start: s.start, end: s.end, span: i, type: entityType(s.label), label: s.label, score: s.score });
    at = s.end;
  });
  if (at < length) runs.push({ kind: 'text', start: at, end: length });
  return runs;
}

export interface StripToken {
  kind: 'token';
  token: number;
  piece: string;
  label: string;
  type: string;
  /** 0..1, the width of the score bar. */
  score: number;
  /** "B-PER 91.2% · I-PER 5.0% · O 2.1%" */
  topK: string;
  /** Index of the window whose prediction the token took (alternating stripe). */
  window: number;
  isSubword: boolean;
}

export interface StripBoundary {
  kind: 'boundary';
  /** The window whose owned tokens start here. */
  window: number;
  /** "window 2: tokens 384–895, labels from 448–895" */
  description: string;
}

export type StripItem = StripToken | StripBoundary;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The token strip: one item per token, with a boundary marker where the labels start coming from another window. */
export function layoutStrip(tokens: readonly TokenResult[], windows: readonly WindowInfo[]): StripItem[] {
  const items: StripItem[] = [];
  const many = windows.length > 1;
  for (const t of tokens) {
    const w = windows[t.window];
    if (many && w && t.index === w.ownedStart) {
      items.push({
        kind: 'boundary',
        window: w.index,
        description: `window ${w.index + 1} of ${windows.length}: tokens ${w.tokenStart}–${w.tokenEnd - 1}, labels taken for ${w.ownedStart}–${w.ownedEnd - 1}`,
      });
    }
    items.push({
      kind: 'token',
      token: t.index,
      piece: t.piece,
      label: t.label,
      type: entityType(t.label),
      score: t.score,
      topK: t.topK.map((k) => `${k.label} ${pct(k.score)}`).join(' · '),
      window: t.window,
      isSubword: t.isSubword,
    });
  }
  return items;
}

/**
 * The spans for `strategy`: the result's own when it ran with that strategy,
 * else re-aggregated from `result.probs` exactly as the engine would.
 */
export function spansFor(result: PanelResult, text: string, strategy: AggregationStrategy): EntitySpan[] {
  if (strategy === result.aggregation || !result.probs) return result.spans;
  const L = result.model.labels.length;
  const probs = result.probs;
  const scored = result.tokens.map((t) => ({ index: t.index, start: t.start, end: t.end, isSubword: t.isSubword, probs: probs.subarray(t.index * L, (t.index + 1) * L) }));
  return aggregate(text, scored, result.model.labels, strategy);
}

/** The token range a click on text offset `at` selects: the span there, else the token there. */
export function tokensAt(result: PanelResult, spans: readonly EntitySpan[], at: number): { tokenStart: number; tokenEnd: number } | undefined {
  const s = spans.find((x) => x.start <= at && at < x.end);
  if (s) return { tokenStart: s.tokenStart, tokenEnd: s.tokenEnd };
  const t = result.tokens.find((x) => x.start <= at && at < x.end);
  return t ? { tokenStart: t.index, tokenEnd: t.index + 1 } : undefined;
}
