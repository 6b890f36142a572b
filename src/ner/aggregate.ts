/**
 * Entity aggregation with the semantics of the Hugging Face python
 * `TokenClassificationPipeline` (`aggregation_strategy` none, simple, first,
 * average, max).
 *
 * Deliberate differences, all in the direction of exactness:
 * - A piece is a sub-word when the tokenizer's word ids say it continues the
 *   previous piece's word. Hugging Face compares the piece's length with the
 *   text it covers, which misfires on text that normalisation changes
 *   (e.g. decomposed accents under a lowercasing vocabulary).
 * - Spans carry the exact surface text `text.slice(start, end)`, not the
 *   detokenized pieces (which are lowercased and lose spacing).
 * - BIOES/BILOU tags are understood: `S-`/`U-` begin a span like `B-`, `E-`/`L-`
 *   continue one like `I-`, and a span never continues past an `E-`/`L-`/`S-`/`U-`.
 *   Hugging Face treats those prefixes as part of the type. For BIO/IOB2 and IO
 *   labels the grouping is identical.
 * - Transformers.js drops `O` tokens before grouping, so B-PER O I-PER becomes
 *   one entity; here, as in Python, it is two.
 */
import { InputError } from '../errors';
import { AGGREGATION_STRATEGIES, AggregationStrategy, EntitySpan } from '../protocol';
import { argmax } from './decode';

/** One content token with its label distribution. */
export interface ScoredToken {
  index: number;
  start: number;
  end: number;
  isSubword: boolean;
  /** Softmax probabilities over the labels. */
  probs: Float32Array;
}

interface Scored {
  label: string;
  score: number;
  start: number;
  end: number;
  tokenStart: number;
  tokenEnd: number;
}

export function checkStrategy(s: string): AggregationStrategy {
  if (!(AGGREGATION_STRATEGIES as readonly string[]).includes(s)) {
    throw new InputError('bad-aggregation', `Invalid aggregation strategy "${s}". Must be one of ${AGGREGATION_STRATEGIES.join(', ')}.`);
  }
  return s as AggregationStrategy;
}

type Prefix = 'B' | 'I' | 'E' | 'S';

/** Splits a label into span prefix and type, like the pipeline's `get_tag`. */
export function splitTag(label: string): { prefix: Prefix; type: string } {
  const m = /^([BIESLU])-(.+)$/.exec(label);
  if (!m) return { prefix: 'I', type: label }; // "O", or a type without prefix: continues
  const p = m[1] === 'L' ? 'E' : m[1] === 'U' ? 'S' : (m[1] as Prefix);
  return { prefix: p, type: m[2] };
}

function tokenEntity(t: ScoredToken, labels: readonly string[]): Scored {
  const j = argmax(t.probs);
  return { label: labels[j], score: t.probs[j], start: t.start, end: t.end, tokenStart: t.index, tokenEnd: t.index + 1 };
}

/** Collapses one word's pieces into one labelled word (strategies first, average, max). */
function wordEntity(pieces: ScoredToken[], labels: readonly string[], strategy: 'first' | 'average' | 'max'): Scored {
  let scores: Float32Array;
  if (strategy === 'first') {
    scores = pieces[0].probs;
  } else if (strategy === 'max') {
    // The piece with the single most confident label decides, with its whole distribution.
    let best = pieces[0];
    let bestMax = -Infinity;
    for (const p of pieces) {
      const m = p.probs[argmax(p.probs)];
      if (m > bestMax) {
        bestMax = m;
        best = p;
      }
    }
    scores = best.probs;
  } else {
    scores = new Float32Array(labels.length);
    for (const p of pieces) for (let j = 0; j < labels.length; j++) scores[j] += p.probs[j];
    for (let j = 0; j < labels.length; j++) scores[j] /= pieces.length;
  }
  const j = argmax(scores);
  const last = pieces[pieces.length - 1];
  return { label: labels[j], score: scores[j], start: pieces[0].start, end: last.end, tokenStart: pieces[0].index, tokenEnd: last.index + 1 };
}

function wordEntities(tokens: readonly ScoredToken[], labels: readonly string[], strategy: 'first' | 'average' | 'max'): Scored[] {
  const out: Scored[] = [];
  let group: ScoredToken[] = [];
  for (const t of tokens) {
    if (group.length > 0 && !t.isSubword) {
      out.push(wordEntity(group, labels, strategy));
      group = [];
    }
    group.push(t);
  }
  if (group.length > 0) out.push(wordEntity(group, labels, strategy));
  return out;
}

/** The pipeline's `group_entities`: consecutive same-type entities merge unless one begins a span. */
function groupEntities(entities: readonly Scored[]): Scored[] {
  const groups: Scored[] = [];
  let current: Scored[] = [];
  let lastPrefix: Prefix = 'I';
  let lastType = '';
  const flush = () => {
    if (current.length === 0) return;
    const first = current[0];
    const last = current[current.length - 1];
    const score = current.reduce((a, e) => a + e.score, 0) / current.length;
    groups.push({ label: splitTag(first.label).type, score, start: first.start, end: last.end, tokenStart: first.tokenStart, tokenEnd: last.tokenEnd });
    current = [];
  };
  for (const e of entities) {
    const { prefix, type } = splitTag(e.label);
    const continues = current.length > 0 && type === lastType && (prefix === 'I' || prefix === 'E') && lastPrefix !== 'E' && lastPrefix !== 'S';
    if (!continues) flush();
    current.push(e);
    lastPrefix = prefix;
    lastType = type;
  }
  flush();
  return groups;
}

/**
 * Entity spans for the tokens of one text, as the Hugging Face pipeline
 * would return them for `strategy` (with `O` filtered out), plus offsets
 * and exact surface text.
 */
export function aggregate(
  text: string,
  tokens: readonly ScoredToken[],
  labels: readonly string[],
  strategy: AggregationStrategy,
  ignoreLabels: readonly string[] = ['O'],
): EntitySpan[] {
  let scored: Scored[];
  switch (strategy) {
    case 'none':
    case 'simple':
      scored = tokens.map((t) => tokenEntity(t, labels));
      break;
    case 'first':
    case 'average':
    case 'max':
      scored = wordEntities(tokens, labels, strategy);
      break;
  }
  const grouped = strategy === 'none' ? scored : groupEntities(scored);
  return grouped
    .filter((e) => !ignoreLabels.includes(e.label))
    .map((e) => ({ ...e, text: text.slice(e.start, e.end) }));
}
