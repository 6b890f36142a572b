import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConll } from '../../../src/eval/conll';
import { extractChunks, parseTag } from '../../../src/eval/chunks';
import { InputError } from '../../../src/errors';
import { SHARED_DATA } from '../helpers';


test('readConll reads space-separated token and tag', () => {
  assert.deepEqual(readConll('EU B-ORG\nrejects O\n\nPeter B-PER\n', 'a.txt'), [
    { tokens: ['EU', 'rejects'], tags: ['B-ORG', 'O'], line: 1 },
    { tokens: ['Peter'], tags: ['B-PER'], line: 4 },
  ]);
});

test('readConll reads tab-separated files', () => {
  assert.deepEqual(readConll('I\tO\nlove\tO\nParis\tB-LOC\n', 'a.tsv'), [
    { tokens: ['I', 'love', 'Paris'], tags: ['O', 'O', 'B-LOC'], line: 1 },
  ]);
});

test('readConll takes the first column as token and the last as tag, across any run of spaces and tabs', () => {
  const text = 'EU NNP B-NP B-ORG\nrejects \t VBZ\t\tB-VP   O  \n';
  assert.deepEqual(readConll(text, 'conll03.txt'), [
    { tokens: ['EU', 'rejects'], tags: ['B-ORG', 'O'], line: 1 },
  ]);
});

test('readConll handles CRLF line ends and a UTF-8 BOM without shifting line numbers', () => {
  const text = '\uFEFFa O\r\nb B-PER\r\n\r\n\r\nc I-LOC\r\n';
  assert.deepEqual(readConll(text, 'win.txt'), [
    { tokens: ['a', 'b'], tags: ['O', 'B-PER'], line: 1 },
    { tokens: ['c'], tags: ['I-LOC'], line: 5 },
  ]);
});

test('readConll skips -DOCSTART- lines and lets them end a sentence', () => {
  const text = '-DOCSTART- -X- O O\n\nx NN O O\n-DOCSTART- -X- O O\ny NN O B-PER\n';
  assert.deepEqual(readConll(text, 'd.txt'), [
    { tokens: ['x'], tags: ['O'], line: 3 },
    { tokens: ['y'], tags: ['B-PER'], line: 5 },
  ]);
});

test('readConll treats whitespace-only lines and repeated blank lines as one sentence break', () => {
  const text = 'a O\n  \t \n\n\nb O';
  assert.deepEqual(readConll(text, 'w.txt').map((s) => s.tokens), [['a'], ['b']]);
});

test('readConll skips comment lines such as # id, # text = and a bare #', () => {
  const text = '# id 1\n# text = Hello Paris\n#\nHello O\nParis B-LOC\n';
  assert.deepEqual(readConll(text, 'c.txt'), [
    { tokens: ['Hello', 'Paris'], tags: ['O', 'B-LOC'], line: 4 },
  ]);
});

test('readConll reads "# O" and "#\\tO" as the token # (hashtags in tweets), not as comments', () => {
  assert.deepEqual(readConll('# O\nlove O\n\n#\tO\n#paris B-LOC\n', 'tweets.txt'), [
    { tokens: ['#', 'love'], tags: ['O', 'O'], line: 1 },
    { tokens: ['#', '#paris'], tags: ['O', 'B-LOC'], line: 4 },
  ]);
});

test('readConll reads a # line as a token only when it has as many columns as the file', () => {
  // In a four-column file "# O" is a comment, "# NN - O" the token #.
  const text = 'a NN - O\n# O\n# NN - O\n';
  assert.deepEqual(readConll(text, 'fin.txt').map((s) => s.tokens), [['a', '#']]);
});

test('readConll returns no sentences for an empty or blank file', () => {
  assert.deepEqual(readConll('', 'e.txt'), []);
  assert.deepEqual(readConll('\uFEFF\n\n  \n', 'e.txt'), []);
});

test('readConll rejects a one-column line with the file, the line and what is expected', () => {
  assert.throws(
    () => readConll('a O\n\nb O\nlonely\n', 'data/train.conll'),
    (e: unknown) =>
      e instanceof InputError &&
      e.code === 'conll-format' &&
      e.file === 'data/train.conll' &&
      e.message.includes('data/train.conll:4') &&
      e.message.includes('"lonely"') &&
      /token and a tag/.test(e.message),
  );
});

test('readConll rejects a prefix with no entity type, naming the line', () => {
  assert.throws(
    () => readConll('a O\nb B-\n', 'bad.txt'),
    (e: unknown) => e instanceof InputError && e.message.startsWith('bad.txt:2:') && e.message.includes('"B-"'),
  );
});

/** Counts taken from the files by hand (and an independent Python count); see the report for oddities. */
const REAL_FILES = [
  // wikigold: IO tags, space-separated, "-DOCSTART- O" between articles, 39 "# O" tokens;
  // 3558 entities as published.
  { file: 'ner/wikigold/wikigold.conll.txt', sentences: 1696, tokens: 39007, chunks: 3558 },
  // BTC section A: tab-separated IOB2 tweets, 384 "#\tO" tokens.
  { file: 'ner/btc/a.conll', sentences: 1000, tokens: 16612, chunks: 521 },
  // SEC filings (FIN3): CoNLL-2003 four columns "token POS - tag", IO tags.
  { file: 'ner/sec-filings/FIN3.txt', sentences: 303, tokens: 13246, chunks: 318 },
  // WNUT17 test: tab-separated IOB2, lower-case types; 1287 sentences, 1079 entities as published.
  { file: 'ner/wnut17/emerging.test.annotated', sentences: 1287, tokens: 23394, chunks: 1079 },
];

for (const f of REAL_FILES) {
  test(`readConll reads the real file ${f.file} with every tag parsing`, (t) => {
    const full = path.join(SHARED_DATA, f.file);
    if (!fs.existsSync(full)) {
      t.skip(`shared NER data not found at ${full}; set BERT_LENS_SHARED_DATA to the shared/data folder`);
      return;
    }
    const sentences = readConll(fs.readFileSync(full, 'utf8'), full);
    assert.equal(sentences.length, f.sentences);
    assert.equal(sentences.reduce((n, s) => n + s.tokens.length, 0), f.tokens);
    for (const s of sentences) {
      assert.equal(s.tokens.length, s.tags.length);
      for (const tag of s.tags) assert.doesNotThrow(() => parseTag(tag), `tag ${tag} near line ${s.line}`);
    }
    assert.equal(sentences.reduce((n, s) => n + extractChunks(s.tags).length, 0), f.chunks);
  });
}

test('readConll skips a line whose token is empty (a tab, then the tag), as found in BTC', () => {
  const sentences = readConll('Bbl\tO\n\tO\nParis\tB-LOC\n', 'h.conll');
  assert.deepEqual(sentences.map((x) => x.tokens), [['Bbl', 'Paris']]);
});
