import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregate, checkStrategy, ScoredToken, splitTag } from '../../../src/ner/aggregate';
import { EntitySpan } from '../../../src/protocol';

const LABELS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];
const TEXT = 'Johnathan Picard lives in Paris';

// Hand-made distributions over LABELS. The expected spans below are what the
// Hugging Face python pipeline returns for the same scores and word split.
const TOKENS: ScoredToken[] = [
  [0, 4, false, [0.2, 0.7, 0.1, 0, 0]], // John
  [4, 9, true, [0.55, 0, 0.45, 0, 0]], // ##athan
  [10, 13, false, [0.5, 0.1, 0.4, 0, 0]], // Pic
  [13, 16, true, [0.1, 0, 0.9, 0, 0]], // ##ard
  [17, 22, false, [0.9, 0.05, 0.05, 0, 0]], // lives
  [23, 25, false, [0.8, 0, 0, 0.2, 0]], // in
  [26, 31, false, [0.1, 0, 0, 0.9, 0]], // Paris
].map(([start, end, isSubword, p], index) => ({ index, start, end, isSubword, probs: Float32Array.from(p as number[]) }) as ScoredToken);

/** Spans as [label, text, start, end, score rounded to 4 places]. */
function brief(spans: EntitySpan[]): [string, string, number, number, number][] {
  return spans.map((s) => [s.label, s.text, s.start, s.end, Math.round(s.score * 1e4) / 1e4]);
}

describe('aggregate follows the Hugging Face pipeline', () => {
  test('none lists every non-O token with its full tag', () => {
    assert.deepEqual(brief(aggregate(TEXT, TOKENS, LABELS, 'none')), [
      ['B-PER', 'John', 0, 4, 0.7],
      ['I-PER', 'ard', 13, 16, 0.9],
      ['B-LOC', 'Paris', 26, 31, 0.9],
    ]);
  });

  test('simple groups tokens without regard to words, so a split word can be cut', () => {
    assert.deepEqual(brief(aggregate(TEXT, TOKENS, LABELS, 'simple')), [
      ['PER', 'John', 0, 4, 0.7],
      ['PER', 'ard', 13, 16, 0.9],
      ['LOC', 'Paris', 26, 31, 0.9],
    ]);
  });

  test('first takes the label of the first piece of each word', () => {
    // Picard: first piece "Pic" says O (0.5), so only Johnathan is a person.
    assert.deepEqual(brief(aggregate(TEXT, TOKENS, LABELS, 'first')), [
      ['PER', 'Johnathan', 0, 9, 0.7],
      ['LOC', 'Paris', 26, 31, 0.9],
    ]);
  });

  test('max takes the piece with the most confident label, and B-PER then I-PER words merge', () => {
    // Johnathan: John (0.7) beats ##athan (0.55) -> B-PER 0.7; Picard: ##ard (0.9) -> I-PER 0.9;
    // one span, score mean(0.7, 0.9) = 0.8.
    assert.deepEqual(brief(aggregate(TEXT, TOKENS, LABELS, 'max')), [
      ['PER', 'Johnathan Picard', 0, 16, 0.8],
      ['LOC', 'Paris', 26, 31, 0.9],
    ]);
  });

  test('average averages the pieces\' distributions before taking the label', () => {
    // Johnathan: O (0.2+0.55)/2 = 0.375 beats B-PER 0.35; Picard: I-PER (0.4+0.9)/2 = 0.65.
    assert.deepEqual(brief(aggregate(TEXT, TOKENS, LABELS, 'average')), [
      ['PER', 'Picard', 10, 16, 0.65],
      ['LOC', 'Paris', 26, 31, 0.9],
    ]);
  });
});

function tokens(text: string, labels: string[], all: string[]): ScoredToken[] {
  let at = 0;
  return text.split(' ').map((w, index) => {
    const start = text.indexOf(w, at);
    at = start + w.length;
    const probs = new Float32Array(all.length);
    probs[all.indexOf(labels[index])] = 1;
    return { index, start, end: at, isSubword: false, probs };
  });
}

test('B-PER O I-PER is two people, as in Python (Transformers.js makes it one)', () => {
  const spans = aggregate('Ada the Lovelace', tokens('Ada the Lovelace', ['B-PER', 'O', 'I-PER'], LABELS), LABELS, 'simple');
  assert.deepEqual(brief(spans), [['PER', 'Ada', 0, 3, 1], ['PER', 'Lovelace', 8, 16, 1]]);
});

test('B-PER B-PER is two entities and B-PER I-LOC switches type', () => {
  const text = 'Ada Grace Paris';
  assert.deepEqual(brief(aggregate(text, tokens(text, ['B-PER', 'B-PER', 'I-LOC'], LABELS), LABELS, 'simple')).map((s) => s[1]), ['Ada', 'Grace', 'Paris']);
});

test('IO labels (no B-) group consecutive tokens of one type', () => {
  const all = ['O', 'I-PER', 'I-LOC'];
  const text = 'Ada Lovelace of London';
  assert.deepEqual(brief(aggregate(text, tokens(text, ['I-PER', 'I-PER', 'O', 'I-LOC'], all), all, 'first')), [
    ['PER', 'Ada Lovelace', 0, 12, 1],
    ['LOC', 'London', 16, 22, 1],
  ]);
});

test('BIOES: S- stands alone, E- closes a span, and nothing continues past it', () => {
  const all = ['O', 'B-PER', 'I-PER', 'E-PER', 'S-PER'];
  const text = 'Ada Bob Carl Dee Eve';
  assert.deepEqual(brief(aggregate(text, tokens(text, ['S-PER', 'S-PER', 'B-PER', 'E-PER', 'I-PER'], all), all, 'simple')).map((s) => s[1]), ['Ada', 'Bob', 'Carl Dee', 'Eve']);
});

test('BILOU is read as BIOES', () => {
  const all = ['O', 'B-LOC', 'I-LOC', 'L-LOC', 'U-LOC'];
  const text = 'New York City Rome';
  assert.deepEqual(brief(aggregate(text, tokens(text, ['B-LOC', 'I-LOC', 'L-LOC', 'U-LOC'], all), all, 'simple')).map((s) => s[1]), ['New York City', 'Rome']);
});

test('spans carry the exact surface text, not lowercased pieces', () => {
  const text = 'ÉCOLE Polytechnique';
  const [span] = aggregate(text, tokens(text, ['B-PER', 'I-PER'], LABELS), LABELS, 'first');
  assert.equal(span.text, 'ÉCOLE Polytechnique');
  assert.equal(text.slice(span.start, span.end), span.text);
});

test('splitTag treats unprefixed labels as continuing, like the pipeline', () => {
  assert.deepEqual(splitTag('PER'), { prefix: 'I', type: 'PER' });
  assert.deepEqual(splitTag('B-creative-work'), { prefix: 'B', type: 'creative-work' });
  assert.deepEqual(splitTag('O'), { prefix: 'I', type: 'O' });
});

test('checkStrategy names the bad value and the valid ones', () => {
  assert.throws(() => checkStrategy('longest'), /Invalid aggregation strategy "longest"\. Must be one of none, simple, first, average, max\./);
});
