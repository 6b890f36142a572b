import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { TextTokenizer } from '../../../src/tokenizer/tokenizer';
import { REPO } from '../helpers';

// The training side (training/wordpiece.py) must tokenize exactly like the
// engine, or the model learns labels for the wrong pieces.
const MODEL = path.join(REPO, 'models', 'bert-lens-ner');
const SHARED = process.env.BERT_LENS_SHARED_DATA ?? path.resolve(REPO, '..', 'shared', 'data');
// The Python that trains the model (Debian's), so both sides see the same Unicode tables.
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

function corpusSentences(limit: number): string[] {
  const files = ['wikigold/wikigold.conll.txt', 'btc/h.conll', 'wnut17/emerging.test.annotated', 'sec-filings/FIN3.txt'];
  const out: string[] = [];
  for (const f of files) {
    const file = path.join(SHARED, 'ner', f);
    if (!fs.existsSync(file)) continue;
    let words: string[] = [];
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const cols = line.trim().split(/\s+/);
      if (cols[0] === '' || cols[0] === '-DOCSTART-') {
        if (words.length) out.push(words.join(' '));
        words = [];
      } else words.push(cols[0]);
    }
  }
  // Every k-th sentence, so all four corpora are represented.
  const k = Math.max(1, Math.floor(out.length / limit));
  return out.filter((_, i) => i % k === 0).slice(0, limit);
}

const HOSTILE = [
  'Zürich, São Paulo & 東京 — “quoted” ½ naïve café',
  'e\u0301 combining, ﬁ ligature, ＡＢＣ fullwidth, Ⅻ numerals',
  'tabs\tand\r\nCRLF\u00a0nbsp\u2003em-space\u200bzero-width\u2028line-sep',
  '@user #hashtag https://example.com/a?b=c 3.14 $100 1,000,000',
  'emoji 😀👩‍👩‍👧 flags 🇫🇷 keycap 1️⃣ and ZWJ',
  'العربية עברית हिन्दी Ελληνικά кириллица',
  'nul\u0000control\u0007chars\u001fand\ufeffBOM\ufffdreplacement',
  'a'.repeat(150) + ' ' + 'Supercalifragilisticexpialidocious',
  '',
];

let tok: TextTokenizer;
before(async () => {
  tok = await TextTokenizer.load(MODEL);
});

test('training/wordpiece.py gives the engine\'s ids on thousands of corpus sentences and hostile text', async (t) => {
  const py = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
  if (py.status !== 0) return t.skip(`${PYTHON} not found`);
  const sentences = [...corpusSentences(3000), ...HOSTILE];
  if (sentences.length < 1000) return t.skip(`shared NER data not found under ${SHARED}`);
  const run = spawnSync(PYTHON, [path.join(REPO, 'training', 'wordpiece.py'), 'encode', path.join(MODEL, 'vocab.txt')], {
    input: sentences.map((s) => JSON.stringify(s)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, run.stderr);
  const pyIds = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as number[]);
  assert.equal(pyIds.length, sentences.length);
  let mismatches = 0;
  const examples: string[] = [];
  for (const [i, s] of sentences.entries()) {
    const ids = Array.from((await tok.encode(s)).ids);
    if (JSON.stringify(ids) !== JSON.stringify(pyIds[i])) {
      mismatches++;
      if (examples.length < 3) examples.push(`${JSON.stringify(s)}: engine ${JSON.stringify(ids)} python ${JSON.stringify(pyIds[i])}`);
    }
  }
  assert.equal(mismatches, 0, `${mismatches} of ${sentences.length} sentences differ:\n${examples.join('\n')}`);
});
