import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkdown, hoverMarkdown } from '../../../extension/core/hoverText';
import { TokenResult } from '../../../src/protocol';

const tok = (index: number, piece: string, word: number, label = 'B-PER', score = 0.9): TokenResult => ({
  index, id: 100 + index, piece, start: index * 3, end: index * 3 + 3, word, isSubword: piece.startsWith('##'), window: 1, positionId: 7 + index, label, score,
  topK: [{ label, score }, { label: 'O', score: 0.08 }, { label: 'B-ORG', score: 0.02 }],
});

test('hoverMarkdown shows the entity, top-3, the pieces of the word, position and window, and the focus link', () => {
  const tokens = [tok(0, 'Mer', 0), tok(1, '##kel', 0, 'I-PER', 0.8), tok(2, 'visited', 1, 'O')];
  const md = hoverMarkdown({ token: tokens[1], tokens, windows: 3, span: { label: 'PER', score: 0.85, start: 0, end: 6, text: 'Merkel', tokenStart: 0, tokenEnd: 2 } });
  assert.match(md, /^\*\*PER\*\* 85\.0% · “Merkel”/);
  assert.match(md, /Token `1`: I\\-PER 80\.0% · O 8\.0% · B\\-ORG 2\.0%/);
  assert.match(md, /Pieces: Mer \(100\) \*\*\\#\\#kel\*\* \(101\)/);
  assert.match(md, /Position id 8 · window 2 of 3/);
  assert.match(md, /\[Show attention for this token\]\(command:bertLens\.focusToken\?%5B1%5D\)$/);
});

test('document text in a hover cannot inject Markdown, links or HTML', () => {
  const evil = '[x](command:workbench.action.quit) <img src=x onerror=alert(1)> **b**';
  const escaped = escapeMarkdown(evil);
  assert.doesNotMatch(escaped, /(^|[^\\])[[\]()<>*]/);
  const tokens = [tok(0, 'x', 0)];
  const md = hoverMarkdown({ token: tokens[0], tokens, windows: 1, span: { label: 'PER', score: 1, start: 0, end: evil.length, text: evil, tokenStart: 0, tokenEnd: 1 } });
  assert.ok(!md.includes('](command:workbench'));
  assert.doesNotMatch(md, /(^|[^\\])<img/);
  assert.doesNotMatch(md, /window/);
});
