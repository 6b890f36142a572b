import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntitySpan, PanelResult, TokenResult, WindowInfo } from '../../../src/protocol';
import { entityType, layoutStrip, layoutText, spansFor, tokensAt } from '../../../webview/layout/entities';
import { wrapRuns } from '../../../webview/layout/entitiesWrap';

const span = (label: string, start: number, end: number, text: string, tokenStart = 0, tokenEnd = 1): EntitySpan => ({ label, score: 0.9, start, end, text, tokenStart, tokenEnd });

function token(index: number, piece: string, start: number, end: number, label: string, extra: Partial<TokenResult> = {}): TokenResult {
  return { index, id: index, piece, start, end, word: index, isSubword: false, window: 0, positionId: index + 1, label, score: 0.8, topK: [{ label, score: 0.8 }, { label: 'O', score: 0.15 }], ...extra };
}

test('entityType maps BIO tags to the themed types and others to OTHER', () => {
  assert.deepEqual(['B-PER', 'I-LOC', 'S-ORG', 'MISC', 'B-DATE', 'O'].map(entityType), ['PER', 'LOC', 'ORG', 'MISC', 'OTHER', 'O']);
});

test('layoutText cuts the text into plain runs and one run per span, covering every character once', () => {
  const text = 'Ada met Bob in Paris';
  const runs = layoutText(text.length, [span('PER', 0, 3, 'Ada'), span('PER', 8, 11, 'Bob'), span('LOC', 15, 20, 'Paris')]);
  assert.deepEqual(runs.map((r) => [r.kind, text.slice(r.start, r.end)]), [['entity', 'Ada'], ['text', ' met '], ['entity', 'Bob'], ['text', ' in '], ['entity', 'Paris']]);
});

test('layoutText drops a span that overlaps the previous one or runs past the text', () => {
  const runs = layoutText(10, [span('PER', 0, 4, 'x'), span('LOC', 2, 6, 'y'), span('ORG', 8, 12, 'z')]);
  assert.deepEqual(runs.map((r) => [r.kind, r.start, r.end]), [['entity', 0, 4], ['text', 4, 10]]);
});

test('layoutStrip marks where labels start coming from the next stride window', () => {
  const tokens = [0, 1, 2, 3, 4, 5].map((i) => token(i, `t${i}`, i * 2, i * 2 + 1, 'O', { window: i < 4 ? 0 : 1 }));
  const windows: WindowInfo[] = [
    { index: 0, tokenStart: 0, tokenEnd: 5, start: 0, end: 9, ownedStart: 0, ownedEnd: 4 },
    { index: 1, tokenStart: 2, tokenEnd: 6, start: 4, end: 11, ownedStart: 4, ownedEnd: 6 },
  ];
  const items = layoutStrip(tokens, windows);
  assert.deepEqual(items.map((i) => (i.kind === 'boundary' ? `|${i.window}` : i.token)), ['|0', 0, 1, 2, 3, '|1', 4, 5]);
  const b = items[5];
  assert.equal(b.kind === 'boundary' && b.description, 'window 2 of 2: tokens 2–5, labels taken for 4–5');
});

test('layoutStrip puts no boundary in a single-window text and lists the top-3 labels', () => {
  const items = layoutStrip([token(0, 'Ada', 0, 3, 'B-PER')], [{ index: 0, tokenStart: 0, tokenEnd: 1, start: 0, end: 3, ownedStart: 0, ownedEnd: 1 }]);
  assert.equal(items.length, 1);
  assert.equal(items[0].kind === 'token' && items[0].topK, 'B-PER 80.0% · O 15.0%');
});

test('spansFor re-aggregates from the probabilities for another strategy, without the model', () => {
  const text = 'Ada Lovelace';
  const labels = ['O', 'B-PER', 'I-PER'];
  const tokens = [token(0, 'Ada', 0, 3, 'B-PER'), token(1, 'Love', 4, 8, 'I-PER', { word: 1 }), token(2, '##lace', 8, 12, 'O', { word: 1, isSubword: true })];
  const probs = new Float32Array([0.1, 0.8, 0.1, 0.1, 0.1, 0.8, 0.6, 0.1, 0.3]);
  const result = { aggregation: 'first', spans: [span('PER', 0, 12, text, 0, 3)], tokens, probs, model: { labels } } as unknown as PanelResult;
  assert.equal(spansFor(result, text, 'first'), result.spans, 'the strategy the analysis ran with: its own spans');
  assert.deepEqual(spansFor(result, text, 'simple').map((s) => [s.label, s.text]), [['PER', 'Ada Love']]);
  assert.deepEqual(spansFor(result, text, 'none').map((s) => [s.label, s.text]), [['B-PER', 'Ada'], ['I-PER', 'Love']]);
  assert.deepEqual(spansFor(result, text, 'max').map((s) => [s.label, s.text]), [['PER', 'Ada Lovelace']]);
});

test('tokensAt picks the span under an offset, else the token', () => {
  const result = { tokens: [token(0, 'Ada', 0, 3, 'B-PER'), token(1, 'met', 4, 7, 'O')] } as unknown as PanelResult;
  const spans = [span('PER', 0, 3, 'Ada', 0, 1)];
  assert.deepEqual(tokensAt(result, spans, 1), { tokenStart: 0, tokenEnd: 1 });
  assert.deepEqual(tokensAt(result, spans, 5), { tokenStart: 1, tokenEnd: 2 });
  assert.equal(tokensAt(result, spans, 3), undefined);
});

test('wrapRuns breaks plain text at spaces and newlines but never inside a chip', () => {
  const text = 'aa bb Cccc Dddd\nee';
  const runs = layoutText(text.length, [span('PER', 6, 15, 'Cccc Dddd')]);
  // 1 unit per character; a chip adds its label (4), padding (2 x 1) and gap (1).
  const { pieces, lines } = wrapRuns(text, runs, { width: 12, pad: 1, gap: 1 }, (s, small) => (small ? 4 : s.length));
  assert.deepEqual(pieces.map((p) => [p.line, p.x, p.text]), [[0, 0, 'aa '], [0, 3, 'bb '], [1, 0, 'Cccc Dddd'], [2, 0, 'ee']]);
  assert.equal(lines, 3);
  assert.equal(pieces[2].width, 9 + 4 + 2 + 1);
});
